const { chromium } = require("@playwright/test");
const base = "http://127.0.0.1:8091";
async function signIn(browser, login, width) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(base + "/login");
  await page.getByLabel("ログイン名").fill(login);
  await page.getByLabel("パスワード").fill("jinzai-demo");
  await page.getByRole("button", { name: "ログイン" }).click();
  return page;
}
(async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const hr = await signIn(browser, "hr", 1280);
  await hr.goto(base + "/plans/kiyose-2011/rounds");
  await hr.selectOption("#f-fiscal_year", "2013");
  await hr.fill("#f-opens_on", "令和8年11月2日");
  await hr.fill("#f-due_on", "2026-11-20");
  await hr.fill("#f-review_by", "2026-12-25");
  await hr.getByRole("button", { name: "開始する" }).click();
  const m = await signIn(browser, "manager", 1280);
  await m.goto(base + "/plans/kiyose-2011/nodes/1-1-1/progress/2013");
  await m.fill("#f-achievements", "全課で評価面談を実施した");
  await m.selectOption("#f-direction", { index: 3 });
  await m.getByRole("button", { name: "保存する" }).click();
  await m.getByRole("button", { name: "提出" }).click();
  for (const [who, page] of [["hr", hr], ["manager", m]]) {
    await page.goto(base + "/home");
    await page.screenshot({ path: `/tmp/home-${who}-1280.png`, fullPage: true });
  }
  for (const who of ["approver", "staff", "viewer", "hr"]) {
    const p = await signIn(browser, who, 390);
    await p.goto(base + "/home");
    console.log(who, "390 width", await p.evaluate(() => document.documentElement.scrollWidth));
    await p.screenshot({ path: `/tmp/home-${who}-390.png`, fullPage: true });
  }
  await browser.close();
})();
