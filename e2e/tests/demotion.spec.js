// 希望降任 on screen: a member of staff asks within the
// window (a mistake first); their 所属長 never sees the request (not on the
// page, not at its address); the reviewer reads it and approves it; the
// person sees the decision and can no longer withdraw.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");
const { violations } = require("./axe");

test.use({ bypassCSP: true });

test("a request is read by the reviewer and never by the 所属長", async ({ page, browser }) => {
  // The demo's 一次評価者 asks.
  await signIn(page, "evaluator");
  await page.goto("/demotion");
  await expect(page.getByText("受付中")).toBeVisible();
  await page.getByLabel("理由").selectOption("illness");
  await page.getByRole("button", { name: "申し出る" }).click();
  await expect(page.getByRole("alert")).toContainText("申出の事情を入れてください");
  await expect(page.getByLabel("理由")).toHaveValue("illness");
  await page.getByLabel("事情").fill("E2E 通院治療のため");
  await page.getByRole("button", { name: "申し出る" }).click();
  await expect(page.getByRole("status")).toContainText("希望降任を申し出ました");
  await expect(page.getByRole("cell", { name: "審査中" })).toBeVisible();
  const href = await page.getByRole("table").getByRole("link").first().getAttribute("href");

  // Their 所属長: nothing on the page, and the request's address refused.
  const boss = await (await browser.newContext()).newPage();
  await signIn(boss, "manager");
  await boss.goto("/demotion");
  await expect(boss.getByRole("heading", { name: "申出の審査" })).toHaveCount(0);
  await expect(boss.getByText("E2E 通院治療のため")).toHaveCount(0);
  const refused = await boss.goto(href);
  expect(refused.status()).toBe(403);
  await expect(boss.getByText("E2E 通院治療のため")).toHaveCount(0);

  // The reviewer reads it (with its reason) and approves: one grade down.
  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, "reviewer");
  await reviewer.goto("/demotion");
  await expect(reviewer.getByRole("heading", { name: "申出の審査" })).toBeVisible();
  await reviewer.goto(href);
  await expect(reviewer.getByText("E2E 通院治療のため")).toBeVisible();
  await expect(reviewer.getByText("閲覧は監査ログに記録されます")).toBeVisible();
  await reviewer.getByRole("button", { name: "記録する" }).click();
  await expect(reviewer.getByRole("status")).toContainText("保存しました");
  await expect(reviewer.getByRole("heading", { level: 1 })).toContainText("承認");
  await expect(reviewer.getByText("降任後の職層")).toBeVisible();
  await expect(reviewer.getByText("2027-04-01").or(reviewer.getByText(/年4月1日/)).first()).toBeVisible();

  // The person sees the decision; withdrawing is no longer offered.
  await page.goto(href);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("承認");
  await expect(page.getByRole("button", { name: "申出を取り下げる" })).toHaveCount(0);
});

test("the demotion pages have no WCAG A/AA violations", async ({ page, browser }) => {
  await signIn(page, "hr");
  const found = [];
  found.push(...(await violations(page, "/demotion")));
  await page.goto("/demotion");
  const href = await page.locator("#review-h ~ table a").first().getAttribute("href");
  found.push(...(await violations(page, href)));
  const staff = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signIn(staff, "candidate");
  found.push(...(await violations(staff, "/demotion")));
  expect(found).toEqual([]);
});
