// A whole progress round in the browser: HR opens it, the owner division
// writes and submits, HR returns it with a reason, the owner fixes and
// resubmits, HR confirms, the approver approves, HR locks and publishes.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");

const form = "/plans/kiyose-2011/nodes/1-1-1/progress/2012";

// The FY2012 round's block on a home page (the demo's own round, FY2013,
// is open too).
function fy2012(page) {
  return page.locator(".home-round").filter({ hasText: "平成24年度" });
}

async function as(browser, login) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, login);
  return page;
}

test("a round runs from opening to publication", async ({ browser }) => {
  test.setTimeout(90_000);
  const hr = await as(browser, "hr");
  await hr.goto("/plans/kiyose-2011/rounds");
  await hr.getByLabel("年度", { exact: true }).selectOption("2012");
  // The open form (the selected round's own dates form has the same labels).
  await hr.locator("#f-opens_on").fill("令和8年11月2日");
  await hr.locator("#f-due_on").fill("2026-12-11");
  await hr.locator("#f-review_by").fill("2026-12-25");
  await hr.getByRole("button", { name: "開始する" }).click();
  await expect(hr.getByRole("status")).toContainText("照会を開始しました");
  const row = hr.getByRole("row").filter({ hasText: "1-1-1" });
  await expect(row).toContainText("未着手");

  // The owner division's head finds the measure on their home page.
  const head = await as(browser, "manager");
  await head.goto("/");
  await expect(head).toHaveURL(/\/home$/);
  const mine = fy2012(head).locator("ul.todo li").filter({ hasText: "1-1-1" });
  await expect(mine).toContainText("未着手");
  await mine.getByRole("link").click();
  await expect(head).toHaveURL(/progress\/2012$/);
  await expect(head.locator(".round-panel")).toContainText("未着手");
  await head.getByLabel("実績・成果").fill("E2E：全課で評価面談を実施");
  await head.getByLabel("今後の方向性").selectOption("continue");
  await head.getByRole("button", { name: "保存する" }).click();
  await expect(head.getByRole("status")).toContainText("保存しました");
  await head.getByRole("button", { name: "提出" }).click();
  await expect(head.getByRole("status")).toContainText("提出しました");
  await expect(head.getByRole("button", { name: "保存する" })).toBeDisabled();

  // HR's home page lists it for review.
  await hr.goto("/home");
  await expect(fy2012(hr).getByRole("heading", { name: /確認待ち/ })).toContainText("1");
  // HR returns it: the reason is required, then shown to the owner.
  await hr.goto(form);
  await hr.getByRole("button", { name: "差戻し" }).click();
  await expect(hr.locator("#f-step, .field-error").first()).toContainText("理由を入力してください");
  await hr.getByLabel("差戻しの理由").fill("実施率の根拠を記入してください");
  await hr.getByRole("button", { name: "差戻し" }).click();
  await expect(hr.getByRole("status")).toContainText("差し戻しました");

  await head.goto(form);
  await expect(head.locator(".banner.returned")).toContainText("実施率の根拠を記入してください");
  await head.getByLabel("実績・成果").fill("E2E：全課で評価面談を実施（対象312人、実施312人）");
  await head.getByRole("button", { name: "保存する" }).click();
  await head.getByRole("button", { name: "提出" }).click();
  await expect(head.getByRole("status")).toContainText("提出しました");

  // HR confirms; the approver approves.
  await hr.goto(form);
  await hr.getByRole("button", { name: "確認" }).click();
  await expect(hr.getByRole("status")).toContainText("確認しました");
  const approver = await as(browser, "approver");
  await approver.goto("/home");
  await fy2012(approver).locator("ul.todo li").filter({ hasText: "1-1-1" }).getByRole("link").click();
  await approver.getByRole("button", { name: "承認" }).click();
  await expect(approver.getByRole("status")).toContainText("承認しました");
  await approver.goto("/home");
  await expect(fy2012(approver).getByText("承認を待っている記入はありません。")).toBeVisible();
  await head.goto("/home");
  await expect(fy2012(head).locator("ul.todo li").filter({ hasText: "1-1-1" })).toContainText("承認済");

  // The round's table shows it approved; the others are still open, so
  // locking needs a reason.
  await hr.goto("/plans/kiyose-2011/rounds?year=2012");
  await expect(hr.getByRole("row").filter({ hasText: "1-1-1" })).toContainText("承認済");
  await hr.goto("/plans/kiyose-2011/report#locks");
  const lock = hr.locator("#locks tr").filter({ hasText: "平成24年度" });
  await lock.getByLabel("記入者").fill("人事課長");
  await lock.getByRole("button", { name: "年度を確定（ロック）" }).click();
  await expect(hr.locator("main")).toContainText("それでも確定する場合は理由を入力してください");
  await hr.goto("/plans/kiyose-2011/report#locks");
  await lock.getByLabel("記入者").fill("人事課長");
  await lock.getByLabel(/確定する理由/).fill("E2E：他の取組は次回照会で扱う");
  await lock.getByRole("button", { name: "年度を確定（ロック）" }).click();
  await expect(lock).toContainText("確定済");
  await lock.getByRole("link", { name: "市民に公開する" }).click();
  await hr.getByRole("button", { name: "この内容で公開する" }).click();

  // Citizens see the approved entry, not the drafts.
  const citizen = await (await browser.newContext()).newPage();
  await citizen.goto("/public/kiyose-2011?year=2012");
  await expect(citizen.getByText("E2E：全課で評価面談を実施（対象312人、実施312人）").first()).toBeVisible();
});
