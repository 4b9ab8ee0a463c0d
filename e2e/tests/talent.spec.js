// 人材・スペシャリスト on screen: HR reads the year-by-year figures, adds a
// field, names a specialist in it (a refusal first, kept at its field),
// sees the designation on the person's staff page, and ends it.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");
const { violations } = require("./axe");

test.use({ bypassCSP: true });

test("HR adds a field, names a specialist in it and ends the designation", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/talent");
  await expect(page.getByRole("heading", { name: "年度別の状況" })).toBeVisible();
  await expect(page.locator("table.grid").first().locator("tbody tr")).toHaveCount(5);
  // Someone already designated: their number names a person in service.
  const number = (await page.locator("#talent-specialists ~ * tbody tr td a, section[aria-labelledby=talent-specialists] tbody tr td a")
    .first().textContent()).trim();

  await page.getByText("分野を追加").first().click();
  await page.getByLabel("コード").fill("e2e_water");
  await page.getByLabel("名称（日本語）").fill("上下水道（E2E）");
  await page.getByLabel("名称（英語）").fill("Water (E2E)");
  await page.getByRole("button", { name: "分野を追加" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");

  const form = page.locator("section[aria-labelledby=talent-new]");
  await form.getByLabel("職員番号").fill(number);
  await form.getByLabel("分野").selectOption({ label: "上下水道（E2E）" });
  await form.getByLabel("指定日").fill("1960-04-01");
  await form.getByLabel("備考").fill("E2E 指定");
  await form.getByRole("button", { name: "スペシャリストに指定" }).click();
  await expect(page.getByRole("alert")).toContainText("採用日");
  await expect(form.getByLabel("備考")).toHaveValue("E2E 指定");

  const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  await form.getByLabel("指定日").fill(today);
  await form.getByRole("button", { name: "スペシャリストに指定" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");

  await page.goto(`/staff/${number}`);
  await expect(page.locator("section[aria-labelledby=specialist-h]")).toContainText("上下水道（E2E）");

  await page.goto(`/talent?field=e2e_water&on=${today}`);
  const row = page.locator("tbody tr", { hasText: "E2E 指定" });
  await row.getByLabel("終了日").fill(today);
  await row.getByRole("button", { name: "指定を終了" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
});

test("the talent page has no WCAG A/AA violations", async ({ page }) => {
  await signIn(page, "hr");
  const found = [];
  found.push(...(await violations(page, "/talent")));
  found.push(...(await violations(page, "/talent?on=2013-03-31&field=tax")));
  expect(found).toEqual([]);
});
