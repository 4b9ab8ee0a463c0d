// 健康管理 on screen: the health staff record a consultation (a refusal
// first, kept at its field), find it in the year's list and in the
// person's file; HR sees the attendance per unit and no record, no form.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");
const { violations } = require("./axe");

test.use({ bypassCSP: true });

test("the health staff record a consultation and read the person's file", async ({ page }) => {
  await signIn(page, "health");
  await page.goto("/health?year=2015");
  await expect(page.getByRole("heading", { name: "定期健康診断の受診状況" })).toBeVisible();
  const first = page.locator("section[aria-labelledby=health-checkups] tbody tr").first();
  const number = (await first.locator("td").nth(0).textContent()).trim();

  const form = page.locator("section[aria-labelledby=health-new-consultation]");
  await form.getByLabel("職員番号").fill("99999999");
  await form.getByLabel("相談日").fill("2015-10-05");
  await form.getByLabel("相談先").selectOption({ label: "保健師" });
  await form.getByLabel("相談の種類").selectOption({ label: "メンタル" });
  await form.getByLabel("記録（暗号化して保存）").fill("E2E 相談メモ");
  await form.getByRole("button", { name: "健康相談を記録" }).click();
  await expect(page.getByRole("alert")).toContainText("職員番号");
  await expect(form.getByLabel("記録（暗号化して保存）")).toHaveValue("E2E 相談メモ");

  await form.getByLabel("職員番号").fill(number);
  await form.getByRole("button", { name: "健康相談を記録" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  const list = page.locator("section[aria-labelledby=health-consultations]");
  await expect(list.locator("tr", { hasText: "2015-10-05" }).first()).toContainText(number);

  await list.getByRole("link", { name: number }).first().click();
  await expect(page.getByRole("heading", { name: /個人の健康記録/ })).toBeVisible();
  await expect(page.locator("section[aria-labelledby=person-consultations]")).toContainText("E2E 相談メモ");
});

test("HR sees counts per unit, never a record", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/health?year=2015");
  await expect(page.getByRole("heading", { name: "定期健康診断の受診状況" })).toBeVisible();
  await expect(page.locator("table")).toContainText("合計");
  await expect(page.locator("body")).not.toContainText("健康相談を記録");
  await expect(page.locator("section[aria-labelledby=health-checkups]")).toHaveCount(0);
});

test("the health pages have no WCAG A/AA violations", async ({ page }) => {
  const found = [];
  await signIn(page, "health");
  found.push(...(await violations(page, "/health?year=2015")));
  await page.goto("/health?year=2015");
  const number = (await page.locator("section[aria-labelledby=health-checkups] tbody tr td").first().textContent()).trim();
  found.push(...(await violations(page, `/health/staff/${number}`)));
  found.push(...(await violations(page, "/health/committee")));
  found.push(...(await violations(page, "/health/stress")));
  found.push(...(await violations(page, "/import?kind=health_returns")));
  expect(found).toEqual([]);
});

test("HR records the committee's meeting and corrects it", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/health");
  await page.getByRole("link", { name: "安全衛生委員会" }).click();
  await expect(page.getByRole("heading", { name: "安全衛生委員会", level: 1 })).toBeVisible();
  const form = page.locator("section[aria-labelledby=committee-form]");
  await form.getByLabel("開催日").fill("2099-01-01");
  await form.getByLabel("出席者（1行に1人）").fill("総務部長（委員長）\n産業医");
  await form.getByLabel("議題").fill("E2E 議題");
  await form.getByRole("button", { name: "開催を記録" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expect(form.getByLabel("議題")).toHaveValue("E2E 議題");

  await form.getByLabel("開催日").fill("2025-12-01");
  await form.getByRole("button", { name: "開催を記録" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  const row = page.locator("section[aria-labelledby=committee-meetings] tr", { hasText: "E2E 議題" });
  await row.getByRole("link", { name: "訂正" }).click();
  await form.getByLabel("講じた措置").fill("E2E 措置");
  await form.getByRole("button", { name: "訂正" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await expect(page.locator("section[aria-labelledby=committee-meetings] tr", { hasText: "E2E 議題" })).toContainText("E2E 措置");
});

test("HR reads the stress check's group analysis, small groups withheld", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/health");
  await page.getByRole("link", { name: "ストレスチェック" }).click();
  await expect(page.getByRole("heading", { name: /ストレスチェック/, level: 1 })).toBeVisible();
  const groups = page.locator("section[aria-labelledby=stress-groups]");
  await expect(groups.locator("tbody tr").first()).toBeVisible();
  await expect(groups).toContainText("総合健康リスク");
  await expect(page.locator("section[aria-labelledby=stress-record]")).toHaveCount(0);
  // The committee's method needs a meeting on its day.
  const method = page.locator("section[aria-labelledby=stress-method]");
  await method.getByLabel("承認した委員会の開催日").fill("2001-01-01");
  await method.getByLabel("方法（議事録の記載）").fill("E2E 部単位で合算");
  await method.getByRole("button", { name: "方法を記録" }).click();
  await expect(page.getByRole("alert")).toContainText("開催記録がありません");
});

test("the administrator records a suspected leak and its preliminary report", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/leaks");
  await expect(page.getByRole("heading", { name: "健康情報の漏えい等の報告", level: 1 })).toBeVisible();
  const form = page.locator("section[aria-labelledby=leak-new]");
  await form.getByLabel("発覚した日").fill("2026-11-30");
  await form.getByLabel("事案の概要").fill("E2E 一覧表の誤送信");
  await form.getByLabel(/対象となる職員/).fill("100027");
  await form.getByRole("button", { name: "漏えい等のおそれを記録" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  const tasks = page.locator("section[aria-labelledby=leak-tasks]");
  await expect(tasks).toContainText("速報");
  await expect(tasks).toContainText("2026-12-05");
  const leak = page.locator("article", { hasText: "E2E 一覧表の誤送信" });
  await leak.getByLabel("提出した日").fill("2026-12-01");
  await leak.getByRole("button", { name: "提出を記録" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await expect(page.locator("article", { hasText: "E2E 一覧表の誤送信" })).toContainText("提出済み");
  expect(await violations(page, "/admin/leaks")).toEqual([]);
});

test("the health staff import consultations from a file, a bad row named first", async ({ page }) => {
  await signIn(page, "health");
  await page.goto("/health?year=2015");
  const number = (await page.locator("section[aria-labelledby=health-checkups] tbody tr").first()
    .locator("td").nth(0).textContent()).trim();
  await page.getByRole("link", { name: "ファイルから取込" }).click();
  await expect(page.getByRole("heading", { name: "データ取込", level: 1 })).toBeVisible();
  // Only the health records are offered, and no staff sheet's 基準日.
  await expect(page.getByLabel("データの種類").locator("option[value=staff]")).toHaveCount(0);
  await expect(page.locator("#f-as-of")).toHaveCount(0);
  await page.getByLabel("データの種類").selectOption({ label: "健康相談" });
  const head = "相談日,職員番号,相談先,種別,内容\n";
  const file = (rows) => ({ name: "soudan.csv", mimeType: "text/csv", buffer: Buffer.from(head + rows) });
  await page.getByLabel(/ファイル/).setInputFiles(file(`2015-10-07,${number},保健師,こころ,E2E 取込メモ\n`));
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByRole("alert")).toContainText("soudan.csv:2:4");
  await page.getByLabel("データの種類").selectOption({ label: "健康相談" });
  await page.getByLabel(/ファイル/).setInputFiles(file(`2015-10-07,${number},保健師,メンタル,E2E 取込メモ\n`));
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByRole("status")).toContainText("soudan.csv");
  await page.goto(`/health/staff/${number}`);
  await expect(page.locator("section[aria-labelledby=person-consultations]")).toContainText("E2E 取込メモ");
});
