#!/usr/bin/env python3
"""Writes the test bills of tests/test_bills.c in the layout of the apps'
exports (SPEC §15). Run from this directory; the files are committed, this
script says how they were made.

wechat-60.xlsx (and the other .xlsx files) are written by LibreOffice
(soffice --convert-to xlsx, every column text): run with soffice on PATH.

wechat-60.csv: 60 income rows (55 participants: 45 by name, 5 by an alias
the test gives them, 3 by a nickname that needs an alias; 2 strangers; 3
refunded), a transfer out to a participant within the refund, one beyond
it, a shop payment, a withdrawal (neutral), newest first as WeChat lists.
"""

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇"]


def people():
    out = []
    for s in SURNAMES:
        for g in GIVEN:
            out.append(s + g)
    return out[:55]


NAMES = people()
ALIASED = {40: "小风车", 41: "Momo", 42: "木木夕", 43: "阿杰", 44: "晴天"}
NICK = {45: "一只猫", 46: "Rain", 47: "老孙"}
PREAMBLE = [
    "微信支付账单明细,,,,,,,,",
    "微信昵称：[工会财务],,,,,,,,",
    "起始时间：[2026-05-01 00:00:00] 终止时间：[2026-05-31 23:59:59],,,,,,,,",
    "导出类型：[全部],,,,,,,,",
    "导出时间：[2026-06-01 09:30:12],,,,,,,,",
    ",,,,,,,,",
    "共64笔记录,,,,,,,,",
    "收入：60笔 21920.00元,,,,,,,,",
    "支出：3笔 688.00元,,,,,,,,",
    "中性交易：1笔 100.00元,,,,,,,,",
    "注：,,,,,,,,",
    "1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易,,,,,,,,",
    "2. 本明细仅展示当前账单中的交易，不包括已删除的记录,,,,,,,,",
    "3. 本明细仅供个人对账使用,,,,,,,,",
    ",,,,,,,,",
    "----------------------微信支付账单明细列表--------------------,,,,,,,,",
]
HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"


def row(t, kind, party, goods, d, amount, pay, status, tid, mid="/", note="/"):
    return (f'{t},{kind},{party},"{goods}",{d},¥{amount},{pay},{status},'
            f'{tid}\t,{mid}\t,"{note}"')


def wechat():
    rows = []
    sec = 0

    def t():
        nonlocal sec
        sec += 1
        day = 1 + sec // 8
        return f"2026-05-{day:02d} {8 + sec % 8:02d}:{(sec * 7) % 60:02d}:{(sec * 13) % 60:02d}"

    for i, name in enumerate(NAMES):
        party = ALIASED.get(i) or NICK.get(i) or name
        amount = "360.00" if i % 10 else "180.50"
        rows.append(row(t(), "转账", party, "转账备注:春游预交款", "收入", amount, "/",
                        "已存入零钱" if i % 3 else "朋友已收钱", f"1000050001202605{i:04d}0001"))
    # 2 strangers: one a character from 王伟 (and from each 王: no single
    # "did you mean"), one far from all
    rows.append(row(t(), "转账", "王玮", "转账备注:春游", "收入", "360.00", "/", "已存入零钱",
                    "10000500012026059991"))
    rows.append(row(t(), "微信红包", "快递小哥", "/", "收入", "8.88", "/", "已存入零钱",
                    "10000500012026059992"))
    # 3 refunded rows: paid twice by mistake and sent back
    for i in range(3):
        rows.append(row(t(), "转账", NAMES[i], "转账备注:春游预交款", "收入", "360.00", "/",
                        "已全额退款", f"1000050001202605{i:04d}0002"))
    # out: a refund within the balance, one beyond it, a shop, a withdrawal
    rows.append(row(t(), "转账", NAMES[10], "/", "支出", "50.00", "零钱", "朋友已收钱",
                    "10000500012026058001"))
    rows.append(row(t(), "转账", NAMES[11], "/", "支出", "500.00", "零钱", "已转账",
                    "10000500012026058002"))
    rows.append(row(t(), "商户消费", '蟒山"景区"', "门票(成人)", "支出", "138.00", "零钱",
                    "支付成功", "4200001234202605018003", "20260501ABC"))
    rows.append(row(t(), "零钱提现", "招商银行(1234)", "/", "/", "100.00", "零钱", "提现已到账",
                    "10000500012026058004"))
    rows.reverse()  # WeChat lists the newest first
    return "\n".join(PREAMBLE + [HEADER] + rows) + "\n"


ALIPAY_PRE = [
    "------------------------------------------------------------------------------------",
    "导出信息：",
    "姓名：工会财务",
    "支付宝账户：finance@example.com",
    "起始时间：[2026-05-01 00:00:00]    终止时间：[2026-05-31 23:59:59]",
    "导出交易类型：[全部]",
    "导出时间：[2026-06-01 09:40:02]",
    "共5笔记录",
    "收入：4笔 1080.00元",
    "支出：1笔 45.00元",
    "不计收支：0笔 0.00元",
    "",
    "特别提示：",
    "1. 本回单内容可表明支付宝受理了此笔业务，不代表实际到账。",
    "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------",
]
ALIPAY_HEADER = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,"


def alipay():
    rows = [
        "2026-05-06 21:03:10 ,转账红包      ,李伟 ,li***@163.com ,春游预交款 ,收入 ,360.00 ,余额 ,交易成功 ,2026050622001400001\t,\t,,",
        "2026-05-06 20:15:44 ,转账红包      ,小风车 ,wf***@qq.com ,春游预交款 ,收入 ,360.00 ,余额 ,交易成功 ,2026050622001400002\t,\t,,",
        "2026-05-05 12:00:01 ,餐饮美食      ,农家乐 ,/ ,午餐 ,支出 ,45.00 ,余额 ,交易成功 ,2026050522001400003\t,T99\t,,",
        "2026-05-04 09:30:00 ,转账红包      ,张敏 ,zm***@126.com ,春游预交款 ,收入 ,360.00 ,余额 ,退款成功 ,2026050422001400004\t,\t,,",
        "2026-05-03 08:00:00 ,转账红包      ,未知 ,139****0000 ,\"备注\"\"春游\"\"\" ,收入 ,0.00 ,余额 ,交易关闭 ,2026050322001400005\t,\t,,",
    ]
    post = [
        "------------------------------------------------------------------------------------",
        "导出时间：[2026-06-01 09:40:02]",
        "用户：finance@example.com",
    ]
    return "\n".join(ALIPAY_PRE + [ALIPAY_HEADER] + rows + post) + "\n"


def to_xlsx(name, text, ncols=12):
    """name.xlsx as LibreOffice writes it from the CSV text (UTF-8), every
    column read as text (format 2), as WeChat Pay's own .xlsx holds its
    cells: amounts like ¥360.00 and ids as strings, not numbers."""
    import os
    import shutil
    import subprocess
    import tempfile
    d = tempfile.mkdtemp()
    try:
        src = os.path.join(d, name + ".csv")
        open(src, "w", encoding="utf-8").write(text)
        cols = "/".join(f"{i}/2" for i in range(1, ncols + 1))
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{d}/profile",
                        f"--infilter=CSV:44,34,76,1,{cols}", "--convert-to", "xlsx",
                        "--outdir", d, src], check=True, capture_output=True)
        shutil.copy(os.path.join(d, name + ".xlsx"), name + ".xlsx")
    finally:
        shutil.rmtree(d)


if __name__ == "__main__":
    w = wechat()
    open("wechat-60.csv", "w", encoding="utf-8").write(w)
    open("wechat-60.names", "w", encoding="utf-8").write("\n".join(NAMES) + "\n")
    open("wechat-60.aliases", "w", encoding="utf-8").write(
        "".join(f"{NAMES[i]}\t{a}\n" for i, a in ALIASED.items()))
    open("wechat-60.nicknames", "w", encoding="utf-8").write(
        "".join(f"{NAMES[i]}\t{a}\n" for i, a in NICK.items()))
    lines = w.split("\n")
    open("wechat-truncated.csv", "w", encoding="utf-8").write(
        "\n".join(lines[:30]) + "\n" + lines[30][:40])
    # two participants' income rows (both to be recorded) with one id
    a_row, b_row = lines[-2], lines[-3]
    dup = lines[:17] + [b_row.replace(b_row.split(",")[8], a_row.split(",")[8]), a_row]
    open("wechat-duplicate.csv", "w", encoding="utf-8").write("\n".join(dup) + "\n")
    # WeChat Pay's .xlsx export of the same bill (issue 18): written by
    # LibreOffice, not by outlay; a copy cut short (a damaged archive); the
    # duplicate-id bill; the Alipay bill as a sheet (another app's header);
    # the CSV renamed .xlsx.
    to_xlsx("wechat-60", w)
    x = open("wechat-60.xlsx", "rb").read()
    open("wechat-truncated.xlsx", "wb").write(x[: len(x) * 2 // 3])
    to_xlsx("wechat-duplicate", "\n".join(dup) + "\n")
    open("wechat-renamed.xlsx", "w", encoding="utf-8").write(w)
    a = alipay()
    to_xlsx("alipay", a)
    open("alipay.csv", "wb").write(a.encode("gb18030"))
    open("alipay-truncated.csv", "wb").write(
        "\n".join(a.split("\n")[:18]).encode("gb18030") + b"\n")
