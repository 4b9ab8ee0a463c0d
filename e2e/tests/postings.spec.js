// 職員公募 on screen: a staff member applies to the demo's open project
// team with a motivation; their 所属長 does not see the application before
// selection; HR reads it and selects them; the 所属長 then sees it, without
// the motivation.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");
const { violations } = require("./axe");

test.use({ bypassCSP: true });

test("an application is hidden from the 所属長 until HR selects it", async ({ page, browser }) => {
  await signIn(page, "staff");
  await page.goto("/postings");
  const card = page.locator("section.exam-card", { hasText: "業務改善プロジェクトチーム（サンプル）" });
  await expect(card.getByText("応募できます")).toBeVisible();
  await card.getByLabel("志望動機").fill("E2E 窓口の改善に取り組みたい");
  await card.getByRole("button", { name: "応募する" }).click();
  await expect(page.getByRole("status")).toContainText("応募しました");
  await expect(card.getByText("応募中")).toBeVisible();

  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, "hr");
  await hr.goto("/postings");
  await hr.locator("section.exam-card", { hasText: "業務改善プロジェクトチーム（サンプル）" })
    .getByRole("link", { name: "応募者と選考" }).click();
  const href = new URL(hr.url()).pathname;
  await expect(hr.getByText("E2E 窓口の改善に取り組みたい")).toBeVisible();

  const boss = await (await browser.newContext()).newPage();
  await signIn(boss, "manager");
  await boss.goto(href);
  await expect(boss.getByText("表示できる応募はありません")).toBeVisible();

  const row = hr.locator("tbody tr").filter({ hasText: "E2E 窓口の改善に取り組みたい" });
  await row.getByRole("button", { name: "決定（配置）" }).click();
  await expect(hr.getByRole("status")).toContainText("保存しました");
  await expect(hr.locator("tbody tr").filter({ hasText: "E2E 窓口の改善に取り組みたい" })).toContainText("決定");

  await boss.goto(href);
  await expect(boss.locator("tbody tr")).toHaveCount(1);
  await expect(boss.getByText("E2E 窓口の改善に取り組みたい")).toHaveCount(0);
});

test("the postings pages have no WCAG A/AA violations", async ({ page }) => {
  await signIn(page, "hr");
  const found = [];
  found.push(...(await violations(page, "/postings")));
  await page.goto("/postings");
  const href = await page.getByRole("link", { name: "応募者と選考" }).first().getAttribute("href");
  found.push(...(await violations(page, href)));
  found.push(...(await violations(page, "/postings?year=2012")));
  expect(found).toEqual([]);
});
