// Shared by the specs: the demo prints one account per role, all with the
// same password.
const { expect } = require("@playwright/test");

async function signIn(page, login) {
  await page.goto("/login");
  await page.getByLabel("ログイン名").fill(login);
  await page.getByLabel("パスワード").fill("jinzai-demo");
  await page.getByRole("button", { name: "ログイン" }).click();
  await expect(page.getByRole("button", { name: "ログアウト" })).toBeVisible();
}

module.exports = { signIn };
