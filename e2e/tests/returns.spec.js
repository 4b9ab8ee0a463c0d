// 職場復帰支援 on screen: the health staff open a case and walk it through
// its five steps (a step out of order and a follow-up before the return
// refused on the way); the 所属長 sees only the days and the shared work
// limits of a member's return.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");
const { violations } = require("./axe");

test.use({ bypassCSP: true });

test("the health staff walk a return to work through its five steps", async ({ page }) => {
  await signIn(page, "health");
  await page.goto("/health?year=2015");
  const number = (await page.locator("section[aria-labelledby=health-checkups] tbody tr td").first().textContent()).trim();

  await page.goto("/health/returns");
  await expect(page.getByRole("heading", { name: "職場復帰支援", level: 1 })).toBeVisible();
  const open = page.locator("section[aria-labelledby=return-open]");
  await open.getByLabel("職員番号").fill(number);
  await open.getByLabel("休業開始日").fill("2026-01-05");
  await open.getByLabel("休業予定の終了日").fill("2026-03-31");
  await open.getByLabel("記録（暗号化して保存）").fill("E2E 休業の記録");
  await open.getByRole("button", { name: "職場復帰支援を開始" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await expect(page.locator("ol.return-steps")).toContainText("第1ステップ");

  const form = page.locator("section[aria-labelledby=return-form]");
  const record = form.getByRole("button", { name: "記録", exact: true });
  // Step 2, first dated before the leave: refused, kept as typed.
  await expect(form.getByRole("heading")).toContainText("第2ステップ");
  await form.getByLabel("日付").fill("2025-12-01");
  await record.click();
  await expect(page.getByRole("alert")).toContainText("より前です");
  await form.getByLabel("日付").fill("2026-03-02");
  await record.click();
  await expect(page.getByRole("status")).toContainText("保存しました");

  // Step 3: the plan with a 試し出勤 stage.
  await expect(form.getByRole("heading")).toContainText("第3ステップ");
  await form.getByLabel("日付").fill("2026-03-09");
  await form.getByLabel("復帰予定日").fill("2026-04-01");
  await page.locator("#st-from-1").fill("2026-03-16");
  await page.locator("#st-to-1").fill("2026-03-27");
  await page.locator("#st-what-1").fill("E2E 通勤訓練");
  await record.click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await expect(page.locator("ol.return-steps")).toContainText("E2E 通勤訓練");

  // Step 4: the decision, with what the 所属長 is told.
  await expect(form.getByRole("heading")).toContainText("第4ステップ");
  await form.getByLabel("日付").fill("2026-03-27");
  await expect(form.getByLabel("復帰日")).toHaveValue("2026-04-01");
  await form.getByLabel("就業上の配慮（全文）").fill("E2E 服薬中");
  await form.getByLabel("所属長に伝える就業上の配慮").fill("E2E 時間外勤務なし");
  await record.click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await expect(page.locator("section[aria-labelledby=return-steps]")).toContainText("フォローアップの予定日");

  // Step 5: a follow-up before the return day is refused; three complete it.
  await expect(form.getByRole("heading")).toContainText("第5ステップ");
  await form.getByLabel("日付").fill("2026-03-30");
  await record.click();
  await expect(page.getByRole("alert")).toContainText("復帰日");
  for (const day of ["2026-05-01", "2026-07-01", "2026-10-01"]) {
    await form.getByLabel("日付").fill(day);
    await record.click();
    await expect(page.getByRole("status")).toContainText("保存しました");
  }
  await expect(page.locator("#return-state")).toHaveText("完了");
  await expect(page.locator("section[aria-labelledby=return-form]")).toHaveCount(0);
});

test("the health staff are reminded of the steps due", async ({ page }) => {
  await signIn(page, "health");
  await page.goto("/health/returns");
  const due = page.locator("section[aria-labelledby=return-due]");
  await expect(due).toContainText("期限切れ");
  await expect(due).toContainText("第4ステップ");
});

test("the head of unit sees the days and the shared limits only", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/health/returns/team");
  await expect(page.getByRole("heading", { name: "職場復帰支援（所属職員）", level: 1 })).toBeVisible();
  await expect(page.locator("table")).toContainText("時間外勤務なし");
  await expect(page.locator("body")).not.toContainText("服薬");
  await expect(page.locator("body")).not.toContainText("診断書");
  await page.goto("/health/returns");
  await expect(page.locator("body")).not.toContainText("期限の来た手順");
});

test("the return-to-work pages have no WCAG A/AA violations", async ({ page }) => {
  const found = [];
  await signIn(page, "health");
  found.push(...(await violations(page, "/health/returns")));
  await page.goto("/health/returns");
  const href = await page.locator("section[aria-labelledby=return-cases] tbody a").first().getAttribute("href");
  found.push(...(await violations(page, href)));
  await page.context().clearCookies();
  await signIn(page, "manager");
  found.push(...(await violations(page, "/health/returns/team")));
  expect(found).toEqual([]);
});
