// End to end in Debian's headless chromium, with axe-core on every page. Run by
// crates/web/tests/browser.rs against a server it started:
//
//   node run.mjs   (environment: E2E_BASE, E2E_PLAN, E2E_INDICATOR, E2E_YEAR, E2E_VALUE,
//                   E2E_PASSWORD, E2E_SHOTS, E2E_SHEET, E2E_MUNICIPALITY; CHROMIUM defaults
//                   to /usr/bin/chromium)
//
// A person signs in, opens the overview, goes to an indicator, enters this year's actual and
// sees its grade and chart change; two sessions edit one value and meet the conflict page; an
// administrator uploads a sheet, sees the diff and confirms.
// Each page is checked by axe (WCAG 2.1 A and AA rules) and kept as a screenshot. Prints one
// line per step; exits 1 on the first failure or any accessibility violation.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) { console.error(`e2e: ${name} is not set`); process.exit(2); }
  return v;
};
const base = env('E2E_BASE');
const plan = env('E2E_PLAN');
const indicator = env('E2E_INDICATOR');
const year = env('E2E_YEAR');
const value = env('E2E_VALUE');
const password = env('E2E_PASSWORD');
const shots = env('E2E_SHOTS');
const sheet = env('E2E_SHEET');
const municipality = env('E2E_MUNICIPALITY');
mkdirSync(shots, { recursive: true });

const violations = [];
let step = 0;

async function check(page, name) {
  step += 1;
  await page.screenshot({ path: join(shots, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  for (const v of result.violations) {
    violations.push(`${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  console.log(`ok ${step} ${name}: ${result.passes.length} rules pass, ${result.violations.length} violated`);
}

function expect(condition, what) {
  if (!condition) {
    throw new Error(`expected ${what}`);
  }
}

async function signIn(context, name) {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  expect(page.url().includes('/login'), `an anonymous visitor is sent to sign in (at ${page.url()})`);
  await page.getByLabel('アカウント名').fill(name);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForLoadState();
  expect(!page.url().includes('/login'), `${name} is signed in (at ${page.url()})`);
  return page;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const first = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  const login = await first.newPage();
  await login.goto(`${base}/login`);
  await check(login, 'login');
  await login.close();

  const page = await signIn(first, 'kamaishi');
  await check(page, 'plans');

  await page.goto(`${base}/plans/${plan}?year=${year}`);
  expect((await page.locator('h1').innerText()).includes('概要'), 'the overview');
  expect(await page.locator('svg[role="img"] title').count() > 0, 'a chart with a title');
  await check(page, 'overview');

  // from the overview to an indicator, by its link
  const link = page.locator('#risk-h ~ table a').first();
  if (await link.count() > 0) {
    await link.click();
    await page.waitForLoadState();
    expect(page.url().includes('/indicators/'), 'an indicator page from the overview');
  }

  await page.goto(`${base}/plans/${plan}/indicators/${indicator}?year=${year}`);
  const before = await page.locator('#grade-h ~ p .badge').first().innerText();
  await check(page, 'indicator');

  await page.getByRole('link', { name: /値・コメントを入力する/ }).click();
  await page.waitForLoadState();
  await check(page, 'entry');
  await page.locator('#actual').fill(value);
  await page.getByRole('button', { name: '実績値を保存' }).click();
  await page.waitForLoadState();
  const said = await page.locator('#actual-msg').innerText();
  expect(said.includes('保存しました') && said.includes('読み取り'), `the message under the field (got "${said}")`);
  await check(page, 'entry-saved');

  await page.goto(`${base}/plans/${plan}/indicators/${indicator}?year=${year}`);
  const after = await page.locator('#grade-h ~ p .badge').first().innerText();
  expect(after !== before, `the grade changes (was ${before}, is ${after})`);
  const points = await page.locator('circle.dot.actual title').allTextContents();
  expect(points.some((t) => t.includes(value)), `the chart has the new actual ${value} (${points.join(' / ')})`);
  console.log(`ok grade ${before} → ${after}`);

  // two sessions, one value
  const second = await browser.newContext({ locale: 'ja-JP' });
  const other = await signIn(second, 'admin');
  const entry = `${base}/plans/${plan}/indicators/${indicator}/entry?year=${year}`;
  await page.goto(entry);
  await other.goto(entry);
  await page.locator('#actual').fill(`${value}1`);
  await page.getByRole('button', { name: '実績値を保存' }).click();
  await page.waitForLoadState();
  await other.locator('#actual').fill(`${value}2`);
  await other.getByRole('button', { name: '実績値を保存' }).click();
  await other.waitForLoadState();
  const heading = await other.locator('h1').innerText();
  expect(heading.includes('競合'), `the conflict page (got "${heading}")`);
  expect((await other.locator('td.theirs').innerText()).includes(`${value}1`), 'theirs shown');
  expect((await other.locator('td.yours').innerText()).includes(`${value}2`), 'yours shown');
  await check(other, 'conflict');

  // an administrator uploads a sheet, sees what was read and the diff, and confirms
  await other.goto(`${base}/import`);
  await check(other, 'upload');
  const original = readFileSync(sheet, 'utf8');
  const edited = original.replace(/(\d+)回/, (_, n) => `${Number(n) + 5}回`);
  await other.locator('#file').setInputFiles({ name: 'sheet.txt', mimeType: 'text/plain', buffer: Buffer.from(edited) });
  await other.locator('#municipality').fill(municipality);
  await other.getByRole('button', { name: '読み取って確認する' }).click();
  await other.waitForLoadState();
  expect((await other.locator('h1').innerText()).includes('取込の確認'), 'the preview');
  expect((await other.locator('ul.changes li').count()) > 0, 'the diff is listed');
  await check(other, 'upload-preview');
  await other.getByRole('button', { name: 'この内容で取り込む' }).click();
  await other.waitForLoadState();
  expect(/\/plans\/\d+$/.test(new URL(other.url()).pathname), `the plan after confirming (at ${other.url()})`);
  console.log('ok uploaded, diff shown, confirmed');

  await page.goto(`${base}/account/password`);
  await check(page, 'password');

  await page.goto(`${base}/plans/${plan}/indicators/0`);
  await check(page, 'not-found');

  // at a phone's width the same pages stay usable
  const phone = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
  const small = await signIn(phone, 'viewer');
  await small.goto(`${base}/plans/${plan}?year=${year}`);
  await check(small, 'overview-phone');
} catch (e) {
  console.error(`e2e: ${e.message}`);
  await browser.close();
  process.exit(1);
}
await browser.close();
if (violations.length > 0) {
  console.error(`e2e: ${violations.length} accessibility violations:`);
  for (const v of violations) console.error(`  ${v}`);
  process.exit(1);
}
console.log(`e2e: ${step} pages checked, no accessibility violation; screenshots in ${shots}`);
