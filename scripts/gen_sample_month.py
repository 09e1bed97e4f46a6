#!/usr/bin/env python3
"""Generates samples/yindu-2024-07.csv: a month of 双公示 records whose counts
match the July 2024 bulletin of 殷都区 (seed: Attachments 1 and 2), in the
importer's CSV format (the standard's column codes; KIND, DWDM and GJSJ for a
back-fill with historical receipt times).

The per-unit figures below are the bulletin's published counts (data, not
results): the stats service recomputes every rate from the records.
Deterministic: the same file every run.

    python3 scripts/gen_sample_month.py > samples/yindu-2024-07.csv
"""
import csv
import datetime
import random
import sys

# (unit code, licensing, penalty, late, missed) — Attachment 1.
DEPARTMENTS = [
    ("yd-jyj", 481, 0, 0, 0), ("yd-gaj", 0, 84, 0, 0),
    ("yd-jtysj", 17, 28, 0, 0), ("yd-fgw", 44, 0, 0, 0),
    ("yd-wsjkw", 32, 2, 0, 0), ("yd-scjdj", 8, 17, 1, 3),
    ("yd-sthjfj", 1, 9, 0, 0), ("yd-yjj", 8, 0, 0, 0),
    ("yd-lyj", 6, 0, 0, 0), ("yd-slj", 6, 0, 0, 0),
    ("yd-whgdtylyj", 4, 0, 0, 0), ("yd-nyncj", 3, 0, 0, 3),
    ("yd-cgj", 0, 2, 0, 2), ("yd-zfcxjsj", 2, 0, 0, 0),
    ("yd-czj", 1, 0, 0, 0), ("yd-rlzyshbzj", 1, 0, 0, 0),
]
# (unit code, records, all qualified) — Attachment 2.
TOWNSHIPS = [("yd-lzz", 2), ("yd-afx", 1), ("yd-syz", 23), ("yd-xjx", 3),
             ("yd-xjgx", 1), ("yd-tyz", 5)]

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
AUTHORITY_CODE = "11230500001755309F"

HEADER = [
    "KIND", "DWDM", "GJSJ",
    "XK_XDR_MC", "XK_XDR_LB", "XK_XDR_SHXYM", "XK_FRDB", "XK_XKWS", "XK_WSH",
    "XK_XKLB", "XK_NR", "XK_JDRQ", "XK_YXQZ", "XK_YXQZI", "XK_XKJG",
    "XK_XKJGDM", "XK_ZT", "XK_LYDW", "XK_LYDWDM",
    "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_ZJLX", "CF_XDR_ZJHM", "CF_WSH",
    "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_JDRQ",
    "CF_YXQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM",
]


def credit_code(rng):
    body = "9141050" + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(10))
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS))
    return body + CREDIT_ALPHABET[(31 - total % 31) % 31]


def id_number(rng):
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(15000))
    body = "410505" + birth.strftime("%Y%m%d") + "%03d" % rng.randrange(1000)
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS))
    return body + "10X98765432"[total % 11]


def receipt_and_decision(rng, timeliness, index):
    """A July 2024 receipt time (UTC+8) and a decision date of the class."""
    day = datetime.date(2024, 7, 1) + datetime.timedelta(days=rng.randrange(31))
    clock = datetime.time(8 + rng.randrange(10), rng.randrange(60), rng.randrange(60))
    if index == 0 and timeliness == "on_time":
        # Late on the last evening: 15:30 UTC, still July in Beijing time.
        day, clock = datetime.date(2024, 7, 31), datetime.time(23, 30, 0)
    lag = {"on_time": 1, "late": 14, "missed": 40}[timeliness]
    decision = day - datetime.timedelta(days=lag)
    return datetime.datetime.combine(day, clock), decision


def rows(rng):
    units = [(code, xk, cf, late, missed) for code, xk, cf, late, missed in DEPARTMENTS]
    units += [(code, n, 0, 0, 0) for code, n in TOWNSHIPS]
    for code, licensing, penalty, late, missed in units:
        classes = ["late"] * late + ["missed"] * missed
        classes += ["on_time"] * (licensing + penalty - len(classes))
        kinds = ["CF"] * penalty + ["XK"] * licensing
        for i, (kind, timeliness) in enumerate(zip(kinds, classes)):
            received, decision = receipt_and_decision(rng, timeliness, i)
            row = dict.fromkeys(HEADER, "")
            row.update(KIND=kind, DWDM=code,
                       GJSJ=received.strftime("%Y-%m-%d %H:%M:%S"))
            number = "殷%s%s〔2024〕%d号" % (code[3:], "许" if kind == "XK" else "罚", i + 1)
            if kind == "XK":
                row.update(
                    XK_XDR_MC="安阳市殷都区示例企业%04d有限公司" % rng.randrange(10000),
                    XK_XDR_LB="法人及非法人组织", XK_XDR_SHXYM=credit_code(rng),
                    XK_FRDB="王%s" % rng.choice("一二三四五六七八九"),
                    XK_XKWS="准予行政许可决定书", XK_WSH=number, XK_XKLB="普通",
                    XK_NR="准予许可", XK_JDRQ=decision.isoformat(),
                    XK_YXQZ=decision.isoformat(), XK_YXQZI="2099-12-31",
                    XK_XKJG="安阳市殷都区人民政府", XK_XKJGDM=AUTHORITY_CODE,
                    XK_ZT="有效", XK_LYDW="安阳市殷都区人民政府",
                    XK_LYDWDM=AUTHORITY_CODE)
            else:
                row.update(
                    CF_XDR_MC="张%s" % rng.choice("一二三四五六七八九"),
                    CF_XDR_LB="自然人", CF_XDR_ZJLX="身份证",
                    CF_XDR_ZJHM=id_number(rng), CF_WSH=number,
                    CF_WFXW="违反治安管理", CF_SY="经查，当事人存在违法行为。",
                    CF_YJ="《中华人民共和国行政处罚法》", CF_CFLB="罚款",
                    CF_NR="罚款人民币贰佰元", CF_NR_FK="0.02",
                    CF_JDRQ=decision.isoformat(), CF_YXQ="2099-12-31",
                    CF_CFJG="安阳市殷都区人民政府", CF_CFJGDM=AUTHORITY_CODE,
                    CF_SJLY="安阳市殷都区人民政府", CF_SJLYDM=AUTHORITY_CODE)
            yield row


def main():
    writer = csv.DictWriter(sys.stdout, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    for row in rows(random.Random(202407)):
        writer.writerow(row)


if __name__ == "__main__":
    main()
