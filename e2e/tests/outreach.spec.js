// 出前講座 end to end, on a demo whose day is 1 October 2013 (within the
// plan's years): a citizens' group asks on the public page; HR approves
// the request and records the delivery; 2-5-1's computed actual for FY2013
// moves by one. The public pages pass axe.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");
const { violations } = require("./axe");

const port = Number(process.env.JINZAI_E2E_PORT || 18080) + 1;
test.use({ bypassCSP: true, baseURL: `http://127.0.0.1:${port}` });

async function actual2013(page) {
  const res = await page.request.get("/api/v1/plans/kiyose-2011/nodes/2-5-1/indicator");
  expect(res.status()).toBe(200);
  const body = await res.json();
  return body.years.find((y) => y.fiscal_year === 2013).value;
}

test("a group asks for a lecture, HR approves and records it, and 2-5-1 moves by one", async ({ page }) => {
  await page.goto("/public/outreach");
  await expect(page.getByRole("heading", { name: "出前講座のお申込み", level: 1 })).toBeVisible();
  await page.goto("/public/outreach/A-01");
  // A person takes a moment to fill in the form (a faster one is a bot's).
  await page.waitForTimeout(2200);
  await page.getByLabel("団体名").fill("E2E 自治会");
  await page.getByLabel("代表者・連絡担当者").fill("清瀬 花子");
  await page.getByLabel("電話番号").fill("042-492-5111");
  await page.getByLabel("希望日").fill("2013-10-20");
  await page.getByLabel("会場（市内）").fill("中清戸地域市民センター");
  await page.getByLabel("予定人数").fill("25");
  await page.getByLabel("政治・宗教・営利を目的とした集まりではありません").check();
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByRole("status")).toContainText("受付番号");
  const number = (await page.getByRole("status").textContent()).match(/受付番号\s*(\d+)/)[1];

  await signIn(page, "hr");
  const before = await actual2013(page);
  await page.goto("/outreach");
  await page.getByRole("link", { name: number, exact: true }).click();
  await expect(page.locator("dl.facts")).toContainText("E2E 自治会");
  await page.getByLabel("承認する").check();
  await page.getByRole("button", { name: "決定を記録" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await expect(page.locator("dl.facts")).toContainText("承認");

  const form = page.locator("section[aria-labelledby=outreach-deliver]");
  await form.getByLabel("実施日").fill("2013-10-01");
  await form.getByLabel("受講者数").fill("22");
  await form.getByLabel("講師（職員番号）").fill("100027");
  await form.getByLabel(/実施報告/).fill("E2E 質問が多く出た");
  await form.getByRole("button", { name: "実施を記録" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await expect(page.locator("dl.facts")).toContainText("実施済み");
  expect(await actual2013(page)).toBe(before + 1);
});

test("the public outreach pages have no WCAG A/AA violations", async ({ page }) => {
  const found = [];
  found.push(...(await violations(page, "/public/outreach")));
  found.push(...(await violations(page, "/public/outreach/A-02")));
  await signIn(page, "hr");
  found.push(...(await violations(page, "/outreach")));
  expect(found).toEqual([]);
});
