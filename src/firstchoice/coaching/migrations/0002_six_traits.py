"""Pre-load the six traits of elite salespeople and their behaviours (METHOD.md M10).

English after the method's summary, Chinese (Simplified) from the article. Administrators
edit them afterwards; the data lives here, not in app code, so this migration keeps
producing the same rows however the app changes.
"""

from django.db import migrations

TRAITS = [
    (
        1,
        "customer",
        "Know the customer's business",
        "了解客户的业务",
        "Understands what drives the customer's business, its challenges and the trends "
        "that affect its success — and analyses it like an equity analyst.",
        "懂得驱动客户业务发展的关键所在,了解客户面临的种种挑战,与影响客户成功的各种趋势保持一致步伐,"
        "懂得从股票分析师的角度对客户业务进行分析。",
        [
            (
                "Reads annual reports, industry ratios, news and analyst reports to understand "
                "the customer's strategy.",
                "利用年度报表、行业财务比率、新闻报道、新闻发布会、股市分析报告和公司提供给分析师的各种报告,"
                "来探究客户公司的战略核心。",
            ),
            (
                "Reads the trade press and business magazines for industry trends.",
                "通过大量阅读各种商业出版物和商业杂志来调研行业发展趋势。",
            ),
            (
                "Studies the customer's value chain: suppliers, value-creating activities, "
                "inventory, distribution and sales strategy.",
                "研究客户公司的价值链。充分了解客户公司的供应商、各种能创造商业价值的活动、库存和分销流程,"
                "以及销售战略。",
            ),
            (
                "Visits the customer's plants to see how they operate.",
                "参观客户工厂,直接了解客户运营模式。",
            ),
            (
                "Knows the customer's buying cycle: why they buy, how they evaluate options, "
                "who decides, who owns the purchase and how success is judged.",
                "掌握客户的购买周期。客户的采购决策因何而做出?他们如何对备选方案进行收集和评估?"
                "决定权掌握在谁手上?谁负责采购项目?他们评估成功的标准是什么?",
            ),
        ],
    ),
    (
        2,
        "customer",
        "Passion for the customer's results",
        "对客户的经营成果满怀热情",
        "Sees selling as helping the customer grow; shows how the offer creates a "
        "competitive advantage and sincerely wants the customer to succeed.",
        "认为销售其实就是帮助客户实现业务增长;能清楚地表达产品将如何帮助客户创造竞争优势,"
        "真诚地希望看到客户成功。",
        [
            (
                "Talks about the customer's target results and business challenges.",
                "评论客户的目标业务成果和所面临的业务挑战。",
            ),
            ("Knows the customer's success criteria.", "清楚客户评估成功的标准。"),
            (
                "Builds a long list of value-adding offers (products, services).",
                "打造一个长长的增值业务名单(产品、服务等)。",
            ),
            (
                "Explains how each offer creates value for the customer.",
                "介绍各个业务如何为客户创造价值。",
            ),
            (
                "Describes that value from the customer's side.",
                "站在客户的角度,为之描述这些业务的价值。",
            ),
            (
                "Shows how the company's strength affects the customer's success.",
                "展示公司实力如何影响客户的成功。",
            ),
            (
                "Shows real interest in the customer's success.",
                "表现出对客户成功的浓厚兴趣。",
            ),
        ],
    ),
    (
        3,
        "customer",
        "Build a network inside the customer",
        "在客户公司建立关系网",
        "Builds strong relationships at every level and function of each key account, "
        "finds internal champions and earns trust by keeping promises.",
        "与每个大客户树立起牢固的关系,向各个层级以及各个部门的员工进行推销,在客户公司找到支持者,"
        "并始终如一地遵守承诺以赢得客户的信任。",
        [
            (
                "Works with people at every function and level of the customer.",
                "充分利用客户公司各个职能与层级的人员。",
            ),
            (
                "Builds relationships with key people and becomes their strategic thinking "
                "partner.",
                "想办法与关键人物建立关系。致力于成为客户的战略思想合作伙伴,为他们出谋划策。",
            ),
            (
                "Gives key people what they need so that they become internal champions.",
                "为客户公司的关键人物提供信息,满足他们的需求,以促使其成为内部支持者。",
            ),
            (
                "Keeps in touch and learns from small talk.",
                "与周围的人保持沟通,从闲谈中获取有用信息。",
            ),
            ("Credits success to the internal champions.", "将成功归功于内部支持者。"),
            ("Keeps every promise.", "遵守承诺,有言必有行。"),
        ],
    ),
    (
        4,
        "self",
        "Develop all-round capability",
        "全方位发展个人才干",
        "Keeps learning about the company's products and strengths, knows their margins, "
        "and finds the subject-matter experts who help win.",
        "对自身公司的各项业务进行全面了解,不断拓展个人的产品知识,并在公司内部找到主题专家。",
        [
            (
                "Assesses own product knowledge against what customers need; makes and follows "
                "a personal learning plan (training, working with experts, product shows).",
                "对所掌握的产品知识的用途和需求进行自我评估。制定并实施个人学习计划。抓住培训机会,"
                "与主题专家一起共事,参加产品展示等。",
            ),
            (
                "Explores how new technology strengthens the company.",
                "探索新技术将如何促进公司实力的增强。",
            ),
            (
                "Bridges product and service features to customer value.",
                "掌握如何在产品及服务的功效与为客户创造价值之间搭建桥梁。",
            ),
            (
                "Knows own and competitors' pricing.",
                "了解自身公司及竞争对手公司的定价策略。",
            ),
            (
                "Finds subject-matter experts and uses them to win business.",
                "找到主题专家,从那里直接获得知识,并通过其协助抓住销售机遇,增强业务反应能力。",
            ),
            (
                "Learns from other salespeople's customer success stories.",
                "从其他销售人员那里了解其客户通过使用公司不同产品和服务获取价值的故事,从中吸取经验。",
            ),
        ],
    ),
    (
        5,
        "self",
        "Sell strategically",
        "擅长战略销售",
        "Knows the customer's goals and the company's, writes simple account strategies, "
        "and uses the sales system as a strategic planning tool, not just a calendar.",
        "了解客户的目标,也明确自身公司的目标;开发简单成文的客户战术,并利用销售自动化系统作为战略规划工具。",
        [
            (
                "Prioritises the customers who bring the most value.",
                "优先考虑最能为公司带来价值的客户。",
            ),
            (
                "Writes account strategy plans for high-priority customers.",
                "针对高优先级客户制定客户战略计划。",
            ),
            (
                "Shares plans with the manager and others for feedback.",
                "与经理和其他人员分享自己的计划并获取反馈。",
            ),
            ("Adjusts plans as needed to succeed.", "根据需要调整计划以确保成功。"),
            (
                "Thinks about long-term customer relationships.",
                "时刻考虑如何发展长期客户关系。",
            ),
        ],
    ),
    (
        6,
        "self",
        "Act as an agent of change",
        "将自己视为变革的推动者",
        "Creates value by helping the customer change: consults rather than corners, "
        "fosters two-way discussion and follows up.",
        "通过帮助客户实现变革来创造价值;以咨询家的身份出现,帮助客户从多个方案中进行挑选,"
        "促进交互沟通和双方协商。",
        [
            (
                "Knows the customer's major organisational changes.",
                "了解客户公司将实施的主要组织变革。",
            ),
            ("Knows where the customer's interests lie.", "了解客户的兴趣在哪。"),
            (
                "Explores alternative solutions through key questions.",
                "通过关键提问探寻其他解决方案。",
            ),
            (
                "Runs meetings that foster two-way discussion.",
                "通过组织会议促进交互讨论。",
            ),
            ("Prepares customer meetings carefully.", "精心准备客户会议。"),
            ("Follows up promptly.", "及时跟进。"),
        ],
    ),
]


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    Trait = apps.get_model("coaching", "Trait")
    Behaviour = apps.get_model("coaching", "Behaviour")
    for number, facing, name_en, name_zh, summary_en, summary_zh, behaviours in TRAITS:
        trait, _created = Trait.objects.get_or_create(
            number=number,
            defaults={
                "facing": facing,
                "name_en": name_en,
                "name_zh": name_zh,
                "summary_en": summary_en,
                "summary_zh": summary_zh,
            },
        )
        if trait.behaviours.exists():
            continue
        Behaviour.objects.bulk_create(
            [
                Behaviour(trait=trait, position=position, text_en=en, text_zh=zh)
                for position, (en, zh) in enumerate(behaviours, start=1)
            ]
        )


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Ratings protect their behaviours: reversing is only possible before any assessment.
    apps.get_model("coaching", "Behaviour").objects.all().delete()
    apps.get_model("coaching", "Trait").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
