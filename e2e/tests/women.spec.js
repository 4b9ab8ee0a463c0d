// 女性活躍 on screen: HR reads the year's items (small groups withheld),
// sets a target (a refusal first, kept at its field), records a birth and
// a leave for it (a refusal first) and removes them; citizens read the
// published year without signing in.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");
const { violations } = require("./axe");

test.use({ bypassCSP: true });

function plusDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

test("HR reads the figures and sets a target in the national format", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/women");
  await expect(page.getByRole("heading", { name: "公表項目" })).toBeVisible();
  const figures = page.locator("table.women-lines");
  await expect(figures).toContainText("管理職（課長相当職以上）");
  await expect(figures).toContainText("秘匿");

  const form = page.locator("section[aria-labelledby=women-target-form]");
  await form.getByLabel("目標項目").selectOption({ label: "男女別の育児休業取得率（女性）" });
  await form.getByLabel("値", { exact: true }).fill("100");
  await form.getByLabel("目標年度（西暦）").fill("2020");
  await form.getByLabel("目標設定時の年度（西暦）").fill("2030");
  await form.getByLabel("取組内容").fill("E2E 取組");
  await form.getByRole("button", { name: "数値目標を設定" }).click();
  await expect(page.getByRole("alert")).toContainText("目標設定時の年度");
  await expect(form.getByLabel("取組内容")).toHaveValue("E2E 取組");

  await form.getByLabel("目標設定時の年度（西暦）").fill("2013");
  await form.getByRole("button", { name: "数値目標を設定" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  const targets = page.locator("section[aria-labelledby=women-targets] table");
  await expect(targets.locator("tr", { hasText: "E2E 取組" })).toContainText("100%（令和2年度）");

  await page.getByLabel("削除する目標").selectOption({ label: "男女別の育児休業取得率（女性）" });
  await page.getByRole("button", { name: "削除", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await expect(page.locator("body")).not.toContainText("E2E 取組");
});

test("HR records a birth and a leave for it, then removes them", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/women/records?year=2015");
  const first = page.locator("section[aria-labelledby=women-births] tbody tr").first();
  const number = (await first.locator("td").nth(0).textContent()).trim();
  const born = (await first.locator("td").nth(2).textContent()).trim().slice(0, 10);
  const next = plusDays(born, 1);

  const leave = page.locator("section[aria-labelledby=women-new-leave]");
  await leave.getByLabel("職員番号").fill(number);
  await leave.getByLabel("種別").selectOption({ label: "育児参加のための休暇" });
  await leave.getByLabel("開始日").fill(plusDays(born, 2));
  await leave.getByLabel("終了日").fill(plusDays(born, 3));
  await leave.getByLabel("子の生年月日").fill(next);
  await leave.getByRole("button", { name: "休業・休暇を記録" }).click();
  await expect(page.getByRole("alert")).toContainText("出生が記録されていません");
  await expect(leave.getByLabel("職員番号")).toHaveValue(number);

  const birth = page.locator("section[aria-labelledby=women-new-birth]");
  await birth.getByLabel("職員番号").fill(number);
  await birth.getByLabel("出生日").fill(next);
  await birth.getByRole("button", { name: "出生を記録" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");

  await leave.getByLabel("職員番号").fill(number);
  await leave.getByLabel("種別").selectOption({ label: "育児参加のための休暇" });
  await leave.getByLabel("開始日").fill(plusDays(born, 2));
  await leave.getByLabel("終了日").fill(plusDays(born, 3));
  await leave.getByLabel("子の生年月日").fill(next);
  await leave.getByRole("button", { name: "休業・休暇を記録" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");

  // The birth cannot go while its leave is recorded; the leave first.
  await page.getByRole("button", { name: `削除 ${number} ${next}` }).click();
  await expect(page.getByRole("alert")).toContainText("削除できません");
  await page.getByRole("button", { name: `削除 ${number} ${plusDays(born, 2)}` }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await page.getByRole("button", { name: `削除 ${number} ${next}` }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
});

test("citizens read the published year without signing in", async ({ page }) => {
  await page.goto("/public");
  await page.getByRole("link", { name: /女性職員の活躍/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("女性職員の活躍に関する情報");
  await expect(page.locator("table.women-lines")).toContainText("秘匿");
  await expect(page.locator("body")).not.toContainText("人事担当");
});

test("the women pages have no WCAG A/AA violations", async ({ page }) => {
  const found = [];
  found.push(...(await violations(page, "/public/women")));
  await signIn(page, "hr");
  found.push(...(await violations(page, "/women")));
  found.push(...(await violations(page, "/women/records?year=2015")));
  expect(found).toEqual([]);
});
