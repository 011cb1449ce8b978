/*
 * gen_data: the benchmark's synthetic activity, row by row. Every row is a
 * pure function of (seed, index), so bench/gen can write the CSVs and the
 * ledger-cli journal, and the libxlsxwriter floor can rebuild the very same
 * cells in memory, without either reading the other's files.
 *
 *     struct gen_expense e;
 *     gen_expense(GEN_SEED, i, nparticipants, &e);
 *     printf("%s,%s\n", e.category, e.amount_text);
 */
#ifndef BENCH_GEN_DATA_H
#define BENCH_GEN_DATA_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define GEN_SEED 20260525u

/* Categories: the templates' names (SPEC §4) and two a Chinese treasurer
 * would type. Each needs to be a valid ledger-cli account segment. */
static const char *const gen_categories[] = {
    "props", "prizes",    "lunch",    "souvenirs", "transport", "hotel", "tickets",
    "meals", "insurance", "trip-fee", "materials", "misc",      "餐费",  "门票",
};
#define GEN_NCATEGORIES (sizeof gen_categories / sizeof gen_categories[0])

static const char *const gen_items[] = {
    "Coach hire, day %u", "Lunch boxes (盒饭) #%u",  "矿泉水 %u 箱",
    "Prizes for heat %u", "Rafting (漂流) group %u", "Hotel, twin room %u",
    "门票 第%u批",        "T-shirts, size mix %u",   "Insurance policy %u",
    "横幅和海报 %u",      "Souvenir mugs, lot %u",   "\"Best team\" cup %u",
};
#define GEN_NITEMS (sizeof gen_items / sizeof gen_items[0])

static const char *const gen_payees[] = {
    "Jinyuan Coach Co.", "芒山酒店",         "Mangshan Rafting",  "盒马鲜生",
    "Decathlon",         "中国人寿保险",     "Print & Sign Ltd.", "京东",
    "Mangshan Park",     "湘菜馆（东门店）", "Staples",           "顺丰速运",
};
#define GEN_NPAYEES (sizeof gen_payees / sizeof gen_payees[0])

static const char *const gen_given_en[] = {"Wang Fang", "Li Wei",  "Zhang Min", "Liu Yang",
                                           "Chen Jing", "Yang Li", "Zhao Lei",  "Huang Xin"};
static const char *const gen_given_zh[] = {"王芳", "李伟", "张敏", "刘洋",
                                           "陈静", "杨丽", "赵磊", "黄鑫"};
static const char *const gen_depts[] = {"Finance", "Workshop 1", "Workshop 2", "工会办公室",
                                        "技术部",  "Logistics",  "销售部",     "QA"};
static const char *const gen_methods[] = {"WeChat", "cash", "现金", "Alipay", "bank transfer"};

/* splitmix64: a counter-based generator, so row i needs no earlier rows. */
static uint64_t gen_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t gen_hash(uint64_t seed, uint64_t stream, uint64_t i)
{
    return gen_mix(gen_mix(seed * 0x100000001b3ull + stream) ^ i);
}

/* Day d (0..364) of 2026 as YYYY-MM-DD. */
static void gen_date(unsigned d, char out[24])
{
    static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned m = 0;
    d %= 365;
    while (d >= mdays[m])
        d -= mdays[m++];
    snprintf(out, 24, "2026-%02u-%02u", m + 1, d + 1);
}

static void gen_money(int64_t fen, char *out, size_t n)
{
    uint64_t a = fen < 0 ? (uint64_t)-fen : (uint64_t)fen;
    snprintf(out, n, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
}

struct gen_participant {
    char name[64];
    const char *dept;
    const char *tags; /* "" for none */
    unsigned weight;
    int64_t deposit; /* fen */
    char deposit_date[24];
    const char *method;
};

/* Participant i of np. Names are unique (they carry i); about 5% carry
 * `rafting`, participant 0 always, so the tag always has a member. */
static void gen_participant(uint64_t seed, uint64_t i, struct gen_participant *p)
{
    uint64_t h = gen_hash(seed, 1, i);
    int zh = (h & 1) != 0;
    snprintf(p->name, sizeof p->name, zh ? "%s%llu" : "%s %llu",
             zh ? gen_given_zh[(h >> 1) & 7] : gen_given_en[(h >> 1) & 7],
             (unsigned long long)i + 1);
    p->dept = gen_depts[(h >> 4) & 7];
    unsigned t = (unsigned)((h >> 8) % 100);
    p->tags = i == 0 || t < 5 ? (t < 2 ? "rafting;hotel" : "rafting") : t < 30 ? "hotel" : "";
    p->weight = (h >> 16) % 100 < 3 ? 2 : 1;
    p->deposit = 36000 * (int64_t)p->weight + (int64_t)((h >> 24) % 5) * 5000;
    gen_date((unsigned)((h >> 32) % 60), p->deposit_date);
    p->method = gen_methods[(h >> 40) % 5];
}

struct gen_expense {
    const char *category;
    int64_t amount;       /* fen */
    char amount_text[32]; /* as the CSV has it: "1234.56", "1,234.56", "¥12.50" */
    char date[24];
    char item[96];
    const char *payee;
    uint64_t paid_by;      /* participant index + 1; 0 for the treasurer */
    char receipt[24];      /* "" for none */
    const char *for_tag;   /* "" or "rafting" */
    const char *funded_by; /* "" (the activity's default) or "union" */
};

/* Expense i. About 5% are for `rafting`, 2% paid by a participant, 1% a
 * vendor credit (negative), 3% union-funded. */
static void gen_expense(uint64_t seed, uint64_t i, uint64_t np, struct gen_expense *e)
{
    uint64_t h = gen_hash(seed, 2, i), g = gen_hash(seed, 3, i);
    e->category = gen_categories[h % GEN_NCATEGORIES];
    int64_t fen = 100 + (int64_t)((h >> 8) % 500000);
    if ((g & 127) == 0)
        fen = -fen / 10;
    e->amount = fen;
    unsigned style = (unsigned)((g >> 8) % 100);
    if (style < 5 && fen >= 100000) { /* "1,234.56" as a spreadsheet writes it */
        snprintf(e->amount_text, sizeof e->amount_text, "%lld,%03lld.%02lld",
                 (long long)(fen / 100000), (long long)(fen / 100 % 1000), (long long)(fen % 100));
    } else if (style < 7 && fen > 0) {
        char plain[24];
        gen_money(fen, plain, sizeof plain);
        snprintf(e->amount_text, sizeof e->amount_text, "¥%s", plain);
    } else {
        gen_money(fen, e->amount_text, sizeof e->amount_text);
    }
    gen_date((unsigned)((h >> 32) % 365), e->date);
    snprintf(e->item, sizeof e->item, gen_items[(g >> 16) % GEN_NITEMS],
             (unsigned)((g >> 24) % 1000));
    e->payee = gen_payees[(g >> 36) % GEN_NPAYEES];
    unsigned r = (unsigned)((g >> 44) % 100);
    e->paid_by = r < 2 && np ? 1 + (h >> 40) % np : 0;
    if ((g >> 52) % 10 < 8)
        snprintf(e->receipt, sizeof e->receipt, "R-%07llu", (unsigned long long)i + 1);
    else
        e->receipt[0] = 0;
    unsigned f = (unsigned)((h >> 50) % 100);
    e->for_tag = f < 5 ? "rafting" : "";
    e->funded_by = f >= 5 && f < 8 ? "union" : "";
}

#endif
