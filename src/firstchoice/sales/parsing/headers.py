"""The fields of an invoice line and the header spellings ERP exports use for them."""

from __future__ import annotations

import re
from collections.abc import Mapping

from firstchoice.sales.parsing.errors import MappingError, quoted_list

CANONICAL: tuple[str, ...] = (
    "invoice_date",
    "customer_code",
    "customer_name",
    "salesperson",
    "amount",
    "margin",
    "payment_terms",
    "invoice_no",
    "line_no",
    "product",
    "quantity",
    "currency",
)
# What every ERP export has. Margin, payment terms (often kept on the customer master),
# quantity, product, invoice and line number are optional: a figure not given is unknown.
# The customer is named by its code or, failing a code column, by its name.
REQUIRED: tuple[str, ...] = (
    "invoice_date",
    "customer_code",
    "salesperson",
    "amount",
)

# Header spellings per field, matched after `_normalise_header` (case, spaces, underscores,
# hyphens, dots and a BOM do not matter). A spelling belongs to one field only.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "invoice_date": (
        "invoice_date",
        "invoice date",
        "inv_date",
        "date",
        "invoice dt",
        "billing date",
        "bill date",
        "document date",
        "doc date",
        "posting date",
        "transaction date",
        "sales date",
        "日期",
        "开票日期",
        "发票日期",
        "单据日期",
        "业务日期",
        "销售日期",
        "记账日期",
    ),
    "customer_code": (
        "customer_code",
        "customer code",
        "customer",
        "customer no",
        "customer number",
        "customer id",
        "cust_code",
        "cust no",
        "cust id",
        "account",
        "account no",
        "account number",
        "account code",
        "client code",
        "client id",
        "sold-to",
        "客户编码",
        "客户代码",
        "客户编号",
        "客户号",
        "客户id",
    ),
    "customer_name": (
        "customer_name",
        "customer name",
        "name",
        "cust name",
        "client name",
        "account name",
        "company",
        "company name",
        "sold-to name",
        "客户名称",
        "客户",
        "客户全称",
        "客户简称",
        "单位名称",
    ),
    "salesperson": (
        "salesperson",
        "sales person",
        "sales rep",
        "sales representative",
        "rep",
        "clerk",
        "sales clerk",
        "salesman",
        "sales employee",
        "account manager",
        "业务员",
        "销售员",
        "销售人员",
        "销售代表",
        "客户经理",
    ),
    "amount": (
        "amount",
        "net amount",
        "revenue",
        "sales",
        "line amount",
        "net sales",
        "sales amount",
        "net value",
        "invoice amount",
        "金额",
        "销售额",
        "销售金额",
        "不含税金额",
        "无税金额",
        "本币无税金额",
        "收入",
    ),
    "margin": (
        "margin",
        "gross margin",
        "gross profit",
        "profit",
        "margin amount",
        "gm",
        "毛利",
        "毛利额",
        "毛利润",
        "毛利金额",
    ),
    "payment_terms": (
        "payment_terms",
        "payment terms",
        "terms",
        "payment term",
        "terms of payment",
        "payment method",
        "付款方式",
        "付款条件",
        "结算方式",
        "收款条件",
        "收款方式",
    ),
    "invoice_no": (
        "invoice_no",
        "invoice",
        "invoice number",
        "invoice no",
        "inv no",
        "invoice id",
        "document no",
        "document number",
        "doc no",
        "bill no",
        "发票号",
        "发票号码",
        "发票编号",
        "单据编号",
        "单据号",
        "单号",
        "订单号",
        "销售单号",
        "销售订单号",
        "order no",
        "order number",
        "sales order",
        "sales order no",
    ),
    "line_no": (
        "line_no",
        "line",
        "line no",
        "line number",
        "line item",
        "position",
        "行号",
    ),
    "product": (
        "product",
        "item",
        "sku",
        "material",
        "article",
        "product code",
        "product name",
        "item code",
        "item no",
        "产品",
        "产品名称",
        "物料",
        "物料编码",
        "物料名称",
        "存货名称",
        "存货编码",
        "商品",
        "商品名称",
    ),
    "quantity": ("quantity", "qty", "units", "数量", "销售数量"),
    "currency": ("currency", "curr", "ccy", "currency code", "币种", "币别", "货币"),
}

# Text limits, as the sales line model stores them.
MAX_LENGTH: dict[str, int] = {
    "customer_code": 64,
    "customer_name": 300,
    "salesperson": 64,
    "payment_terms": 50,
    "invoice_no": 100,
    "line_no": 32,
    "product": 1000,
}

# A header is read whole before anything else: past these it is not an ERP export.
MAX_COLUMNS = 500
MAX_HEADER_CHARS = 64 * 1024


def check_header(header: list[str]) -> list[str]:
    """`header`, or ValueError when it is past what any ERP export has (a hostile file)."""
    if len(header) > MAX_COLUMNS:
        raise ValueError(
            f"the header has {len(header):,} columns; an export of invoice lines has at most "
            f"{MAX_COLUMNS}: check that this is the right file"
        )
    if sum(len(h) for h in header) > MAX_HEADER_CHARS:
        raise ValueError(
            f"the header is longer than {MAX_HEADER_CHARS // 1024} KB: "
            "check that this is the right file"
        )
    return header


_HEADER_JUNK = re.compile(r"[\s_\-.\ufeff]+")


def _normalise_header(name: str) -> str:
    return _HEADER_JUNK.sub("", name).casefold()


class FieldSet:
    """The fields of one kind of file, which must be there, and their header spellings."""

    def __init__(
        self,
        canonical: tuple[str, ...],
        required: tuple[str, ...],
        synonyms: dict[str, tuple[str, ...]],
    ) -> None:
        self.canonical = canonical
        self.required = required
        self.synonyms = synonyms
        self.lookup: dict[str, str] = {}
        for field, spellings in synonyms.items():
            for spelling in (field, *spellings):
                key = _normalise_header(spelling)
                if self.lookup.setdefault(key, field) != field:  # pragma: no cover - a typo
                    raise AssertionError(f"header spelling {spelling!r} claimed by two fields")


SALES = FieldSet(CANONICAL, REQUIRED, SYNONYMS)

# The ERP's customer master (`import-customers`).
MASTER = FieldSet(
    (
        "code",
        "name",
        "owner",
        "segment",
        "payment_terms",
        "credit_limit",
        "status",
        "parent_group",
    ),
    ("code", "name"),
    {
        "code": (
            "customer_code",
            "customer code",
            "customer",
            "customer no",
            "customer number",
            "customer id",
            "cust no",
            "account",
            "account no",
            "account number",
            "客户编码",
            "客户代码",
            "客户编号",
            "客户号",
            "编码",
            "代码",
        ),
        "name": (
            "customer_name",
            "customer name",
            "company",
            "company name",
            "account name",
            "客户名称",
            "名称",
            "客户全称",
            "单位名称",
        ),
        "owner": (
            "salesperson",
            "sales person",
            "sales rep",
            "rep",
            "account manager",
            "account owner",
            "业务员",
            "销售员",
            "负责人",
            "客户经理",
        ),
        "segment": (
            "industry",
            "category",
            "customer group",
            "customer class",
            "class",
            "行业",
            "客户分类",
            "分类",
            "客户类别",
        ),
        "payment_terms": (
            "payment terms",
            "terms",
            "payment term",
            "terms of payment",
            "付款方式",
            "付款条件",
            "结算方式",
            "收款条件",
        ),
        "credit_limit": ("credit limit", "credit", "credit line", "信用额度", "信用限额"),
        "status": ("state", "customer status", "状态", "客户状态"),
        "parent_group": (
            "parent",
            "parent group",
            "group",
            "corporate group",
            "parent company",
            "集团",
            "所属集团",
            "上级单位",
            "母公司",
        ),
    },
)


def _examples(field: str, fields: FieldSet) -> str:
    english = [s for s in fields.synonyms[field] if s.isascii() and s != field][:2]
    chinese = [s for s in fields.synonyms[field] if not s.isascii()][:1]
    return ", ".join(repr(s) for s in english + chinese)


def detect_mapping(
    header: list[str],
    overrides: Mapping[str, str] | None = None,
    fields: FieldSet = SALES,
) -> dict[str, int]:
    """Field → column index for `header`; `overrides` maps an ERP column name to a field.

    Overrides win over the synonyms; otherwise the first matching column wins. Raises
    MappingError naming every problem at once: override columns not in the header, override
    fields that do not exist, required fields without a column.
    """
    cells = [str(h).replace("\ufeff", "").strip() for h in header]
    normalised = [_normalise_header(h) for h in cells]
    mapping: dict[str, int] = {}
    claimed: set[int] = set()
    unknown: list[str] = []
    invalid: list[str] = []
    clashes: list[str] = []
    for column, field_name in (overrides or {}).items():
        field = field_name.strip().lower().replace("-", "_").replace(" ", "_")
        if field not in fields.canonical:
            invalid.append(field_name)
        wanted = column.replace("\ufeff", "").strip()
        key = _normalise_header(wanted)
        if wanted in cells:  # the exact spelling first, then as loosely as the synonyms
            index = cells.index(wanted)
        elif key and key in normalised:
            index = normalised.index(key)
        else:
            unknown.append(column)
            continue
        if field not in fields.canonical:
            continue
        if field in mapping:
            clashes.append(field)
            continue
        mapping[field] = index
        claimed.add(index)
    for index, key in enumerate(normalised):
        field_or_none = fields.lookup.get(key)
        if field_or_none is not None and field_or_none not in mapping and index not in claimed:
            mapping[field_or_none] = index
            claimed.add(index)
    if fields is SALES and "customer_code" not in mapping and "customer_name" in mapping:
        # Exports that name customers only by name: the name is the code.
        mapping["customer_code"] = mapping["customer_name"]
    missing = [f for f in fields.required if f not in mapping]
    if unknown or invalid or clashes or missing:
        parts = []
        if unknown:
            parts.append(f"--map names columns that are not in the file: {quoted_list(unknown)}.")
        if invalid:
            parts.append(
                f"--map names unknown fields: {quoted_list(invalid)}; "
                f"the fields are {', '.join(fields.canonical)}."
            )
        if clashes:
            parts.append(f"--map gives more than one column to: {', '.join(clashes)}.")
        if missing:
            hints = "; ".join(f"{f} (e.g. {_examples(f, fields)})" for f in missing)
            parts.append(
                f"The file has no column for the required fields: {hints}. "
                f'Rename the column or map it with --map "COLUMN=field".'
            )
        if unknown or missing:
            parts.append(f"Columns in the file: {quoted_list(cells) or '(none)'}.")
        raise MappingError(
            " ".join(parts), missing=missing, unknown=unknown, invalid_fields=invalid
        )
    return mapping
