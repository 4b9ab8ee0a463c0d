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
  for (const [who, w] of [["staff", 1280], ["manager", 1280], ["hr", 1280], ["approver", 1280], ["staff", 390], ["manager", 390]]) {
    const p = await signIn(browser, who, w);
    await p.goto(base + "/home");
    console.log(who, w, "width", await p.evaluate(() => document.documentElement.scrollWidth));
    await p.screenshot({ path: `/tmp/h-${who}-${w}.png`, fullPage: true });
  }
  const s = await signIn(browser, "staff", 1280);
  await s.goto(base + "/account");
  await s.fill("#f-email", "not-an-address");
  await s.locator('form[action="/account/email"] button').click();
  await s.screenshot({ path: "/tmp/account-1280.png", fullPage: true });
  await browser.close();
})();
