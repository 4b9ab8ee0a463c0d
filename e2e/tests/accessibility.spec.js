// axe-core (vendored through npm, injected from disk: no network) checks
// the main pages of each kind against WCAG 2 A/AA.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");
const { violations } = require("./axe");

// Injecting axe needs an inline script, which our CSP rightly forbids.
test.use({ bypassCSP: true });

test("public and sign-in pages have no WCAG A/AA violations", async ({ page }) => {
  const found = [];
  for (const path of ["/public", "/public/kiyose-2011", "/login"]) {
    found.push(...(await violations(page, path)));
  }
  expect(found).toEqual([]);
});

test("the public pages have no violations on a phone either (390 px)", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const found = [];
  for (const path of ["/public", "/public/kiyose-2011"]) {
    found.push(...(await violations(page, path)));
    // Nothing is wider than the screen; the menu folds behind its button.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }
  await expect(page.getByRole("button", { name: "メニュー" })).toHaveAttribute("aria-expanded", "false");
  await page.getByRole("button", { name: "メニュー" }).click();
  await expect(page.getByRole("link", { name: "公開ページ" })).toBeVisible();
  expect(found).toEqual([]);
});

test("HR's main pages have no WCAG A/AA violations", async ({ page }) => {
  // 24 pages, each scanned by axe (about 1.2 s apiece): more than the
  // default 30 s on a busy 2-core machine.
  test.setTimeout(120_000);
  await signIn(page, "hr");
  const found = [];
  for (const path of [
    "/plans",
    "/plans/kiyose-2011",
    "/plans/kiyose-2011/nodes/1-1-1",
    "/plans/kiyose-2011/nodes/1-8-1",
    "/plans/kiyose-2011/nodes/1-8-1/indicator/2012",
    "/plans/kiyose-2011/nodes/1-1-1/progress/2013",
    "/plans/kiyose-2011/nodes/1-1-2",
    "/plans/kiyose-2011/nodes/3-5-2/progress/2013",
    "/calendar?year=2019",
    "/plans/kiyose-2011/rounds",
    "/home",
    "/plans/kiyose-2011/owners",
    "/training?year=2012",
    "/training/self-development?year=2013",
    "/training/sessions/new",
    "/training/courses/new?code=I01",
    "/training/ojt?year=2013",
    "/plans/kiyose-2011/dashboard",
    "/plans/kiyose-2011/report",
    "/staff",
    "/units",
    "/rotation",
    "/import",
    "/account",
  ]) {
    found.push(...(await violations(page, path)));
  }
  expect(found).toEqual([]);
});

test("the administrator's pages have no WCAG A/AA violations", async ({ page }) => {
  await signIn(page, "admin");
  const found = [];
  for (const path of ["/admin/users", "/admin/tokens", "/admin/audit"]) {
    found.push(...(await violations(page, path)));
  }
  expect(found).toEqual([]);
});

test("a staff member's and a division head's training pages have no WCAG A/AA violations", async ({ page }) => {
  const found = [];
  await signIn(page, "staff");
  found.push(...(await violations(page, "/training/self-development")));
  await page.getByRole("button", { name: "ログアウト" }).click();
  await signIn(page, "manager");
  found.push(...(await violations(page, "/training/ojt?year=2013")));
  expect(found).toEqual([]);
});
