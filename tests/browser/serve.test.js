// outlay serve in headless Chromium (SPEC §16, issue 19): a treasurer's
// activity from a template to its settlement and workbook, a bad amount, a
// POST without the form token, a wrong access token, a participant's slip
// on a 375-pixel phone, both languages. Screenshots go to $SHOTS
// (build/browser-shots) for a person to look at.
//
//   OUTLAY=build/outlay SHOTS=build/browser-shots node tests/browser/serve.test.js
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const root = path.resolve(__dirname, '..', '..');
const outlay = path.resolve(process.env.OUTLAY || path.join(root, 'build', 'outlay'));
const shots = path.resolve(process.env.SHOTS || path.join(root, 'build', 'browser-shots'));
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outlay-browser-'));
const ledger = path.join(dir, 'l.db');
let failures = 0;

function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

function cli(...args) {
  return execFileSync(outlay, ['-L', ledger, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C.UTF-8', LANGUAGE: '' },
  });
}

function expenseRows(slug) {
  return cli('expense', 'list', slug, '--csv').trim().split('\n').length - 1;
}

function startServer() {
  return new Promise((resolve, reject) => {
    const p = spawn(outlay, ['-L', ledger, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^(http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{64})\n/);
      if (m) resolve({ proc: p, base: m[1], token: m[2] });
    });
    p.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error('serve printed no URL')), 10000);
  });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

// Fills the form #form-ID (fields by name) and submits it; waits for the
// page that answers.
async function submit(page, id, fields) {
  for (const [name, value] of Object.entries(fields)) {
    const sel = `#form-${id} [name="${name}"]`;
    const tag = await page.$eval(sel, (e) => e.tagName);
    if (tag === 'SELECT') await page.select(sel, value);
    else {
      await page.$eval(sel, (e) => { e.value = ''; });
      await page.type(sel, value);
    }
  }
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click(`#form-${id} button[type="submit"]`),
  ]);
}

// Follows the link matched by sel and waits for its page.
async function follow(page, sel) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(sel)]);
}

async function text(page, sel) {
  return page.$eval(sel, (e) => e.textContent).catch(() => '');
}

// The corrections (SPEC §11's `set` commands, rename, reopen) and the
// payment apps' bills, in English and then in Chinese: each edit form
// filled with the record, a bad value named beside its field with nothing
// written, the change seen by the CLI with its old value in the log.
async function editForms(page, base) {
  // --- English
  await page.goto(`${base}/a/spring?lang=en`);
  await follow(page, 'a.edit[href$="/edit-expense?no=1"]');
  check(await page.$eval('#form-edit-expense [name="amount"]', (e) => e.value) === '450.00',
    'the expense edit form is filled with the record');
  await page.screenshot({ path: path.join(shots, '09-edit-expense-en.png'), fullPage: true });
  const listed = cli('expense', 'list', 'spring', '--csv');
  await submit(page, 'edit-expense', { amount: '4,5O' });
  const bad = await text(page, '#error-amount');
  check(/4,5O/.test(bad), `a bad amount in an edit form is named beside it: "${bad}"`);
  check(cli('expense', 'list', 'spring', '--csv') === listed, 'a bad edit writes nothing');
  await page.screenshot({ path: path.join(shots, '10-edit-bad-amount-en.png'), fullPage: true });
  // the language switch keeps the record's form
  await follow(page, 'a.lang');
  check(page.url().endsWith('/a/spring/edit-expense?no=1&lang=zh') && await page.$('#form-edit-expense') !== null,
    `the language switch of a refused edit leads to its form: ${page.url()}`);
  await follow(page, 'a.lang');
  await submit(page, 'edit-expense', { amount: '480' });
  check(page.url().includes('/a/spring?done=edit-expense'), 'saved: back on the activity');
  check((await text(page, '#expenses + table')).includes('480.00'), 'the page shows the new amount');
  check(/amount 450\.00 -> 480\.00/.test(cli('log', 'spring')), 'the log keeps the old amount');

  await page.goto(`${base}/a/spring`);
  await follow(page, 'a.edit[href$="/edit-line?no=2"]');
  await page.screenshot({ path: path.join(shots, '11-edit-line-en.png'), fullPage: true });
  await page.goto(`${base}/a/spring`);
  await follow(page, 'a.edit[href$="/edit-person?name=Wang%20Fang"]');
  await submit(page, 'edit-person', { new_name: 'Wang Fang', dept: 'Accounts' });
  await follow(page, 'a.edit[href$="/edit-person?name=Wang%20Fang"]');
  await submit(page, 'edit-person', { new_name: 'Wang Fangfang' });
  const people = cli('participant', 'list', 'spring', '--csv');
  check(people.includes('Wang Fangfang,Accounts'), 'a participant renamed, the department set (seen by the CLI)');
  await follow(page, 'a.edit[href$="/edit-person?name=Wang%20Fangfang"]');
  await page.screenshot({ path: path.join(shots, '12-edit-participant-en.png'), fullPage: true });

  await page.goto(`${base}/a/spring`);
  await follow(page, 'a.edit[href$="/edit-activity"]');
  await submit(page, 'edit-activity', { venue: 'West Hills Park', organizer: 'Trade union office' });
  const shown = cli('activity', 'show', 'spring');
  check(/West Hills Park/.test(shown) && /Trade union office/.test(shown), 'activity set from its form');
  await follow(page, 'a.edit[href$="/edit-activity"]');
  await page.screenshot({ path: path.join(shots, '13-edit-activity-en.png'), fullPage: true });

  // A WeChat Pay bill: preview, then import the bill the preview kept.
  const bills = path.join(root, 'tests', 'data', 'bills');
  cli('activity', 'add', 'gala', '--title', 'New Year gala', '--deposit', '360');
  for (const n of fs.readFileSync(path.join(bills, 'wechat-60.names'), 'utf8').trim().split('\n')) cli('participant', 'add', 'gala', n);
  await page.goto(`${base}/a/gala`);
  await page.select('#form-bill [name="app"]', 'wechat');
  await (await page.$('#form-bill [name="file"]')).uploadFile(path.join(bills, 'wechat-60.csv'));
  await follow(page, '#form-bill button[name="preview"]');
  const summary = await text(page, '#bill-summary');
  check(/^would record 47 deposits .*10 unmatched/.test(summary), `the preview says what would be recorded: "${summary}"`);
  const rows = await text(page, '#bill-rows');
  check(/unmatched: .*outlay participant alias gala NAME/.test(rows) && /would record deposit/.test(rows), 'the preview lists each row, the unmatched in the CLI\'s words');
  check(cli('deposit', 'list', 'gala', '--csv').trim().split('\n').length === 1, 'a preview records nothing');
  await page.screenshot({ path: path.join(shots, '14-bill-preview-en.png'), fullPage: true });
  await follow(page, '#form-bill button:not([name])');
  check(cli('deposit', 'list', 'gala', '--csv').trim().split('\n').length === 48, 'the import records the 47 deposits');
  const done = await text(page, '#warnings');
  check(/recorded 47 deposits/.test(done) && /unmatched: .*outlay participant alias gala NAME/.test(done), `the import's summary and rows left on the page: "${done.slice(0, 80)}..."`);
  await page.screenshot({ path: path.join(shots, '15-bill-imported-en.png') });

  // Close an activity, then reopen it.
  cli('activity', 'add', 'quiz', '--title', 'Quiz night');
  await page.goto(`${base}/a/quiz`);
  await submit(page, 'close', {});
  check(/closed/.test(cli('activity', 'show', 'quiz')), 'closed from its page');
  check(await page.$('#form-reopen') !== null && await page.$('a.edit') === null, 'a closed activity offers reopen, no edits');
  await page.$eval('#form-reopen', (e) => e.scrollIntoView());
  await page.screenshot({ path: path.join(shots, '16-closed-reopen-en.png') });

  // --- Chinese
  await page.goto(`${base}/a/quiz?lang=zh`);
  await page.screenshot({ path: path.join(shots, '17-closed-reopen-zh.png'), fullPage: true });
  await submit(page, 'reopen', {});
  check(/open/.test(cli('activity', 'show', 'quiz')) && await page.$('a.edit[href$="/edit-activity"]') !== null,
    'reopened from its page (Chinese)');
  await follow(page, 'a.edit[href$="/edit-activity"]');
  await submit(page, 'edit-activity', { deposit: '五十' });
  const zhBad = await text(page, '#error-deposit');
  check(/五十/.test(zhBad) && /[\u4e00-\u9fff]{2}/.test(zhBad.replace('五十', '')), `a bad deposit, worded in Chinese: "${zhBad}"`);
  await page.screenshot({ path: path.join(shots, '18-edit-activity-bad-zh.png'), fullPage: true });
  await submit(page, 'edit-activity', { deposit: '50', title: '知识竞赛之夜' });
  check(/知识竞赛之夜/.test(cli('activity', 'show', 'quiz')), 'activity set in Chinese');

  await page.goto(`${base}/a/spring`);
  await follow(page, 'a.edit[href$="/edit-expense?no=2"]');
  await submit(page, 'edit-expense', { amount: 'abc' });
  const zhAmount = await text(page, '#error-amount');
  check(/abc/.test(zhAmount) && /[\u4e00-\u9fff]/.test(zhAmount), `a bad amount in the edit form, in Chinese: "${zhAmount}"`);
  await page.screenshot({ path: path.join(shots, '19-edit-bad-amount-zh.png'), fullPage: true });
  await submit(page, 'edit-expense', { amount: '98.00' });
  check((await text(page, '#expenses + table')).includes('98.00'), 'the new amount on the page (Chinese)');
  check(/amount 96\.50 -> 98\.00/.test(cli('log', 'spring')), 'the log keeps the old value');

  await follow(page, 'a.edit[href$="/edit-person?name=%E5%BC%A0%E4%B8%89"]');
  await page.screenshot({ path: path.join(shots, '20-edit-participant-zh.png'), fullPage: true });
  await submit(page, 'edit-person', { new_name: '张三丰' });
  check(cli('participant', 'list', 'spring', '--csv').includes('张三丰'), 'renamed in Chinese');
  await follow(page, 'a.edit[href$="/edit-line?no=1"]');
  await page.screenshot({ path: path.join(shots, '21-edit-line-zh.png'), fullPage: true });

  // The same bill again, in Chinese: every row already present.
  await page.goto(`${base}/a/gala`);
  await page.select('#form-bill [name="app"]', 'wechat');
  await (await page.$('#form-bill [name="file"]')).uploadFile(path.join(bills, 'wechat-60.csv'));
  await follow(page, '#form-bill button[name="preview"]');
  const zhSummary = await text(page, '#bill-summary');
  check(/^将记录 0 笔.*48 笔已存在/.test(zhSummary), `the preview in Chinese, every row present now: "${zhSummary}"`);
  await page.screenshot({ path: path.join(shots, '22-bill-preview-zh.png'), fullPage: true });
  await page.goto(`${base}/a/gala`);
  await page.$eval('#form-bill', (e) => e.scrollIntoView());
  await page.screenshot({ path: path.join(shots, '23-bill-form-zh.png') });
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const server = await startServer();
  const { base, token } = server;
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'en-US,en;q=0.9' });
    const cspErrors = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });

    // The URL serve printed: the token becomes a cookie and leaves the URL.
    let res = await page.goto(`${base}/?token=${token}`);
    check(res.status() === 200 && page.url() === `${base}/`, 'the token URL lands on / without the token');
    check((await page.content()).includes("The year's activities"), 'the year page, in English');
    await shot(page, '01-year-en');

    // A treasurer's activity: from a template ...
    await submit(page, 'new', {
      slug: 'spring', template: 'spring-hike', title: 'Spring hike 2026',
      date: '2026-04-18', headcount: '3', deposit: '200',
    });
    check(page.url().startsWith(`${base}/a/spring`), 'the activity made from a template');
    // ... participants, deposits ...
    for (const name of ['Li Wei', '张三', 'Wang Fang']) {
      await submit(page, 'participant', { name });
      await submit(page, 'deposit', { name, amount: '200' });
    }
    check(cli('participant', 'list', 'spring', '--csv').includes('张三'), 'participants recorded (seen by the CLI)');
    // ... expenses; a bad amount first: the message beside the field, nothing written
    const before = expenseRows('spring');
    await submit(page, 'expense', { category: 'transport', amount: '12.345', item: 'Bus' });
    const msg = await page.$eval('#error-amount', (e) => e.textContent).catch(() => '');
    check(/12\.345/.test(msg), `a bad amount is named beside its field: "${msg}"`);
    check((await page.$eval('#form-expense [name="amount"]', (e) => e.value)) === '12.345', 'the form keeps what was typed');
    check(expenseRows('spring') === before, 'a bad amount writes nothing (the CLI sees no new expense)');
    await page.$eval('#form-expense', (e) => e.scrollIntoView());
    await page.screenshot({ path: path.join(shots, '03-bad-amount-en.png') });
    await submit(page, 'expense', { category: 'transport', amount: '450', item: 'Bus' });
    await submit(page, 'expense', { category: 'materials', amount: '96.50', item: 'Water' });
    check(expenseRows('spring') === before + 2, 'two expenses recorded');
    // ... and an import by upload: a bad file refused whole with its rows'
    // problems beside the field, then a good one
    const csv = path.join(dir, 'receipts.csv');
    fs.writeFileSync(csv, 'category,amount,item\nmaterials,abc,Flags\n');
    await page.select('#form-import [name="what"]', 'expenses');
    await (await page.$('#form-import [name="file"]')).uploadFile(csv);
    await Promise.all([page.waitForNavigation(), page.click('#form-import button[type="submit"]')]);
    const importErr = await page.$eval('#error-file', (e) => e.textContent).catch(() => '');
    check(/receipts\.csv:2: amount: 'abc'/.test(importErr) && expenseRows('spring') === before + 2,
      `a bad file is refused whole, its rows named: "${importErr}"`);
    fs.writeFileSync(csv, 'category,amount,item\nmaterials,30,Flags\n');
    await page.select('#form-import [name="what"]', 'expenses');
    await (await page.$('#form-import [name="file"]')).uploadFile(csv);
    await Promise.all([page.waitForNavigation(), page.click('#form-import button[type="submit"]')]);
    check(expenseRows('spring') === before + 3, 'an uploaded CSV imported');
    // ... settlement
    await page.goto(`${base}/a/spring#settlement`);
    const settle = await page.$eval('#settlement + table', (e) => e.textContent);
    check(/refund/.test(settle), 'the settlement shows refunds');
    const cliSettle = cli('settle', 'spring', '--csv');
    const perPerson = cliSettle.split('\n')[1].split(',');
    check(settle.includes(perPerson[perPerson.length - 1]), `the page's refund is the CLI's (${perPerson[perPerson.length - 1]})`);
    await shot(page, '02-activity-en');
    // ... and the workbook
    const xlsx = await page.evaluate(async () => {
      const r = await fetch('/a/spring/export.xlsx');
      const b = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type'), len: b.length, head: Array.from(b.slice(0, 2)) };
    });
    check(xlsx.status === 200 && xlsx.len > 5000 && xlsx.head[0] === 0x50 && xlsx.head[1] === 0x4b,
      `the workbook downloads (${xlsx.len} bytes, ${xlsx.type})`);
    const pdf = await page.evaluate(async () => {
      const r = await fetch('/a/spring/print.pdf');
      const b = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, len: b.length, head: String.fromCharCode(...b.slice(0, 4)) };
    });
    check(pdf.status === 200 && pdf.head === '%PDF', `the PDF downloads (${pdf.len} bytes)`);

    // A write without the form's CSRF token: 403, nothing written.
    const n = expenseRows('spring');
    const csrfless = await page.evaluate(async () => {
      const r = await fetch('/a/spring/expense', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'category=x&amount=1',
      });
      return r.status;
    });
    check(csrfless === 403 && expenseRows('spring') === n, `a POST without the CSRF token: ${csrfless}, nothing written`);

    // Chinese: the switch, remembered in a cookie.
    await page.goto(`${base}/a/spring?lang=zh`);
    let text = await page.$eval('body', (e) => e.innerText);
    check(text.includes('预算') && text.includes('结算') && text.includes('合计（大写）'), 'the activity page in Chinese');
    await shot(page, '04-activity-zh');
    await page.goto(`${base}/`);
    text = await page.$eval('body', (e) => e.innerText);
    check(text.includes('本年度活动'), 'the language is remembered');
    await submit(page, 'new', { slug: 'bad', template: 'spring-hike', headcount: 'many' });
    const zhErr = await page.$eval('.error', (e) => e.textContent).catch(() => '');
    check(/many/.test(zhErr) && /[\u4e00-\u9fff]/.test(zhErr), `a refused value, worded in Chinese: "${zhErr}"`);
    await shot(page, '05-year-zh-error');

    // A browser that asks for Chinese gets it without the switch.
    const zh = await browser.createBrowserContext();
    const zp = await zh.newPage();
    await zp.setExtraHTTPHeaders({ 'Accept-Language': 'zh-CN,zh;q=0.9' });
    await zp.goto(`${base}/?token=${token}`);
    check((await zp.$eval('body', (e) => e.innerText)).includes('本年度活动'), 'Accept-Language: zh-CN gives Chinese');
    await zh.close();

    // A wrong token: 403.
    const other = await browser.createBrowserContext();
    const op = await other.newPage();
    res = await op.goto(`${base}/?token=${'0'.repeat(64)}`);
    check(res.status() === 403, `a wrong token: ${res.status()}`);
    res = await op.goto(`${base}/a/spring`);
    check(res.status() === 403, `no token: ${res.status()}`);

    // A participant's slip on a phone, and nothing else with its token.
    const link = cli('participant', 'link', 'spring', '张三').trim();
    await op.setViewport({ width: 375, height: 667, deviceScaleFactor: 2, isMobile: true });
    await op.setExtraHTTPHeaders({ 'Accept-Language': 'zh-CN' });
    res = await op.goto(`${base}${link}`);
    const slip = await op.$eval('body', (e) => e.innerText);
    check(res.status() === 200 && slip.includes('张三') && !slip.includes('Li Wei'), 'the slip shows that participant only');
    check(/退还 200\.00/.test(slip) && slip.includes('贰佰元整'), 'the slip says the refund, in figures and in capital numerals');
    const wide = await op.evaluate(() => document.documentElement.scrollWidth);
    check(wide <= 375, `the slip fits a 375-px screen (${wide} px)`);
    await shot(op, '06-slip-375-zh');
    await op.setExtraHTTPHeaders({ 'Accept-Language': 'en' });
    await op.goto(`${base}${link}?lang=en`);
    await shot(op, '07-slip-375-en');
    res = await op.goto(`${base}/a/spring`);
    check(res.status() === 403, 'the slip token opens nothing else');
    await other.close();

    await editForms(page, base);

    check(cspErrors.length === 0, `no Content-Security-Policy violations (${cspErrors.join('; ')})`);
    let checked = 0;
    try { cli('check'); } catch (e) { checked = e.status; }
    check(checked === 0, `outlay check passes on the ledger the page wrote (exit ${checked})`);
    // Last, as it leaves a finding: a deposit past twice the planned one is
    // saved, with the CLI's warning on top (in the page's language, Chinese now)
    await page.goto(`${base}/a/spring`);
    await submit(page, 'deposit', { name: 'Li Wei', amount: '500' });
    const warn = await page.$eval('#warnings', (e) => e.textContent).catch(() => '');
    check(/Li Wei/.test(warn) && /700\.00/.test(warn) && /400\.00/.test(warn),
      `a deposit's warning is shown: "${warn.trim()}"`);
    const besideForm = await page.$eval('#form-deposit #warning-form', (e) => e.textContent).catch(() => '');
    check(/700\.00/.test(besideForm), 'and beside the form it came from');
    await page.screenshot({ path: path.join(shots, '08-deposit-warning-zh.png') });

  } finally {
    await browser.close();
    server.proc.kill('SIGTERM');
    await new Promise((r) => server.proc.on('exit', (code) => {
      check(code === 0, `SIGTERM: serve exits ${code}`);
      r();
    }));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => {
    console.log(failures ? `${failures} browser check(s) failed` : 'all browser checks passed');
    process.exit(failures ? 1 : 0);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
