// Promotion exams on screen: a staff member the records make eligible
// applies and withdraws; HR sets an exam (a mistake first), and a bad mark
// is refused naming the candidate.
const { test, expect } = require("@playwright/test");
const { signIn } = require("./sign-in");
const { violations } = require("./axe");

// Injecting axe needs an inline script, which our CSP rightly forbids.
test.use({ bypassCSP: true });

test("an eligible staff member applies for an open exam and withdraws", async ({ page }) => {
  await signIn(page, "candidate");
  await page.goto("/exams");
  await expect(page.getByText("受付中").first()).toBeVisible();
  await expect(page.getByText("受験資格があります")).toBeVisible();
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByRole("status")).toContainText("申し込みました");
  await expect(page.getByText("申込済")).toBeVisible();
  await page.getByRole("button", { name: "申込を取り下げる" }).click();
  await expect(page.getByRole("status")).toContainText("申込を取り下げました");
  await expect(page.getByRole("button", { name: "申し込む" })).toBeVisible();
});

test("HR sets an exam, the form refusing weights that do not add up", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/exams?year=2030");
  await page.getByText("試験を設定する").click();
  await expect(page.locator("#x-year")).toHaveValue("2030");
  await page.getByLabel("職層", { exact: true }).selectOption("kacho_hosa");
  await page.getByLabel("試験名").fill("E2E 課長補佐選考");
  await page.getByLabel("受付開始日").fill("2030-06-01");
  await page.getByLabel("申込締切日").fill("2030-06-30");
  await page.getByLabel("試験日").fill("2030-09-01");
  await page.getByLabel("受験資格の基準日").fill("2030-04-01");
  await page.getByLabel("係長", { exact: true }).check();
  await page.getByLabel("種目 1").selectOption("essay");
  await page.getByLabel("配点の割合（％） 1").fill("60");
  await page.getByLabel("種目 2").selectOption("record");
  await page.getByLabel("配点の割合（％） 2").fill("30");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("alert")).toContainText("配点の割合の合計は100％にしてください（現在90％）");
  // What was typed is kept; the fix saves the exam.
  await expect(page.getByLabel("試験名")).toHaveValue("E2E 課長補佐選考");
  await page.getByLabel("配点の割合（％） 2").fill("40");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("status")).toContainText("保存しました");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("E2E 課長補佐選考");
  await expect(page.getByText("論文 60％（100点満点）、業務実績 40％（100点満点）")).toBeVisible();
});

test("a mark that is not a number is refused naming the candidate", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/exams?year=2012");
  await page.getByRole("link", { name: "申込者と採点" }).first().click();
  const row = page.locator("tbody tr[id^=a-]").first();
  const number = (await row.getAttribute("id")).slice(2);
  await row.getByLabel(new RegExp(`^択一式.* ${number}$`)).fill("abc");
  await row.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("alert")).toContainText(`${number}: 「abc」は数字ではありません`);
});

test("the exams pages have no WCAG A/AA violations", async ({ page }) => {
  await signIn(page, "hr");
  await page.goto("/exams?year=2012");
  const exam = await page.getByRole("link", { name: "申込者と採点" }).first().getAttribute("href");
  const found = [];
  for (const path of ["/exams?year=2012", exam, "/exams/funnel", "/exams/papers"]) {
    found.push(...(await violations(page, path)));
  }
  const staff = await (await page.context().browser().newContext({ bypassCSP: true })).newPage();
  await signIn(staff, "candidate");
  found.push(...(await violations(staff, "/exams")));
  found.push(...(await violations(staff, "/exams/papers")));
  expect(found).toEqual([]);
});
