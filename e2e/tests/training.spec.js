// Training records entered on screen: a staff member applies for
// self-development support and HR approves it; a division head records
// their unit's OJT plan and a session held under it.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");

test("a staff member applies for self-development support and HR approves it", async ({ browser }) => {
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, "staff");
  await staff.goto("/training?year=2013");
  await staff.getByRole("link", { name: "自己啓発支援" }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toContainText("自己啓発支援");

  // A mistake first: the field says why and nothing is recorded.
  await staff.getByLabel(/種別/).selectOption("correspondence");
  await staff.getByLabel(/助成申請額/).fill("15,000");
  await staff.getByRole("button", { name: "申請する" }).click();
  await expect(staff.locator("#error-summary")).toBeVisible();
  await expect(staff.getByLabel(/講座・資格名/)).toHaveAttribute("aria-invalid", "true");
  await expect(staff.locator("#sd-table")).toHaveCount(0);

  // The form kept what was typed; the application is dated today.
  await expect(staff.getByLabel(/助成申請額/)).toHaveValue("15,000");
  await staff.getByLabel(/講座・資格名/).fill("E2E 行政法通信講座");
  await staff.getByRole("button", { name: "申請する" }).click();
  await expect(staff.getByRole("status")).toContainText("申請を受け付けました");
  const mine = staff.getByRole("row").filter({ hasText: "E2E 行政法通信講座" });
  await expect(mine).toContainText("申請");
  await expect(mine.getByRole("button", { name: "取り下げる" })).toBeVisible();

  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, "hr");
  await hr.goto("/training/self-development");
  const row = hr.getByRole("row").filter({ hasText: "E2E 行政法通信講座" });
  await row.getByText("処理").click();
  await row.getByLabel("次の状況").selectOption("approved");
  await row.getByLabel(/助成額/).fill("12000");
  await row.getByRole("button", { name: "記録する" }).click();
  await expect(hr.getByRole("status")).toContainText("申請の状況を記録しました");
  await expect(hr.getByRole("row").filter({ hasText: "E2E 行政法通信講座" })).toContainText("12,000");

  await staff.reload();
  const approved = staff.getByRole("row").filter({ hasText: "E2E 行政法通信講座" });
  await expect(approved).toContainText("承認");

  // Withdrawing asks first: declined, nothing changes; accepted, it is done.
  staff.once("dialog", (dialog) => dialog.dismiss());
  await approved.getByRole("button", { name: /取り下げる/ }).click();
  await expect(approved).toContainText("承認");
  staff.once("dialog", (dialog) => dialog.accept());
  await approved.getByRole("button", { name: /取り下げる/ }).click();
  await expect(staff.getByRole("status")).toContainText("申請の状況を記録しました");
  await expect(staff.getByRole("row").filter({ hasText: "E2E 行政法通信講座" })).toContainText("取下げ");
});

test("a division head records their unit's OJT plan and a session held", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto("/training");
  await page.getByRole("link", { name: "職場研修（OJT）計画" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("職場研修（OJT）計画");

  await page.getByLabel(/テーマ/).fill("E2E 窓口対応の基本");
  await page.getByLabel(/計画回数/).fill("ゼロ");
  await page.getByRole("button", { name: "計画を保存" }).click();
  await expect(page.locator("#e-plan-planned_sessions")).toContainText("1以上の整数");

  await page.getByLabel(/計画回数/).fill("1");
  await page.getByRole("button", { name: "計画を保存" }).click();
  await expect(page.getByRole("status")).toContainText("職場研修計画を保存しました");
  const row = page.getByRole("row").filter({ hasText: "E2E 窓口対応の基本" });
  await expect(row).toContainText("いいえ");

  // A session held yesterday (not after today: that is refused), or today
  // when yesterday was in the last fiscal year (1 April). Days are Japan's
  // (UTC+09:00), as the server counts them.
  const day = (ms) => new Date(ms + 9 * 3600000).toISOString().slice(0, 10);
  const fiscalYear = (d) => (Number(d.slice(5, 7)) >= 4 ? Number(d.slice(0, 4)) : Number(d.slice(0, 4)) - 1);
  const today = day(Date.now());
  const yesterday = fiscalYear(day(Date.now() - 86400000)) === fiscalYear(today) ? day(Date.now() - 86400000) : today;
  await page.getByLabel(/実施日/).fill(yesterday);
  await page.getByLabel("会場").fill("E2E 第2会議室");
  await page.getByRole("button", { name: "実施を記録" }).click();
  await expect(page.getByRole("status")).toContainText("実施した回を記録しました");
  await expect(page.getByRole("row").filter({ hasText: "E2E 窓口対応の基本" })).toContainText(yesterday);
  await expect(page.getByRole("row").filter({ hasText: "E2E 窓口対応の基本" })).toContainText("はい");
});

test("HR records a session and adds people to its roster", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/training");
  await page.getByRole("link", { name: "研修の回を登録する" }).click();
  await page.getByLabel(/研修名/).selectOption("I01");
  await page.getByLabel(/開始日/).fill("令和8年5月11日");
  await page.getByLabel("会場").fill("E2E 研修所");
  await page.getByRole("button", { name: "回を保存" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("2026-05-11");

  await page.getByLabel("職員番号").fill("100000、NOBODY");
  await page.getByRole("button", { name: "名簿に追加" }).click();
  await expect(page.locator("#e-staff_numbers")).toContainText("NOBODY");
  await page.getByLabel("職員番号").fill("100000");
  await page.getByRole("button", { name: "名簿に追加" }).click();
  await expect(page.getByRole("status")).toContainText("名簿に追加しました: 1");
  await expect(page.getByRole("row").filter({ hasText: "100000" })).toBeVisible();
});
