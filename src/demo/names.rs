//! Word lists for demo data: Chinese person, brand and company names, categories and the
//! phrases clerks write. All names are made up; phone numbers are random and fictional.

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
    "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "沈", "姚", "卢", "欧阳",
    "司马",
];

pub const GIVEN_NAMES: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀英", "霞", "平", "刚", "桂英", "华", "建华", "晓东", "海燕", "志强", "文", "婷", "欣怡", "子轩",
    "浩然", "雨桐", "梓涵", "俊杰", "嘉怡", "思远", "佳琪", "国庆", "红梅",
];

pub const BRAND_FIRST: &[&str] = &[
    "星", "悦", "茶", "鹿", "喜", "果", "米", "云", "禾", "初", "知", "拾", "味", "言", "森", "遇", "花",
    "锦", "山", "海", "田", "乐", "小", "金", "青", "蓝", "白", "新", "福", "鑫", "德", "盛", "安", "和",
    "美", "优",
];

pub const BRAND_SECOND: &[&str] = &[
    "光", "里", "语", "间", "屋", "坊", "记", "铺", "集", "舍", "社", "堂", "园", "家", "阁", "巷", "厨",
    "月", "氏", "源", "缘", "品", "轩",
];

/// (category, brand suffixes, goods a customer buys there)
pub const CATEGORIES: &[(&str, &[&str], &[&str])] = &[
    ("餐饮", &["餐厅", "火锅", "面馆", "小馆", "烤肉"], &["套餐", "火锅锅底", "牛肉面", "外卖"]),
    ("茶饮", &["茶饮", "奶茶", "茶铺"], &["奶茶", "果茶", "柠檬茶"]),
    ("咖啡烘焙", &["咖啡", "烘焙", "面包房"], &["蛋糕", "咖啡", "面包"]),
    ("服装", &["服饰", "女装", "男装", "时装"], &["外套", "连衣裙", "衬衫", "羽绒服"]),
    ("鞋包", &["鞋业", "箱包", "皮具"], &["运动鞋", "皮鞋", "手提包"]),
    ("珠宝", &["珠宝", "金店", "银饰"], &["金项链", "钻戒", "手镯"]),
    ("美妆", &["美妆", "化妆品", "香氛"], &["面霜", "口红", "香水"]),
    ("家居", &["家居", "家纺", "生活馆"], &["床品四件套", "沙发", "餐桌"]),
    ("建材", &["建材", "瓷砖", "卫浴", "灯饰"], &["瓷砖", "花洒", "吊灯", "地板"]),
    ("数码", &["数码", "电器", "手机"], &["手机", "耳机", "平板电脑"]),
    ("母婴", &["母婴", "童装", "孕婴"], &["奶粉", "婴儿车", "童装"]),
    ("儿童游乐", &["乐园", "童趣馆"], &["游乐卡", "亲子票"]),
    ("健身", &["健身", "瑜伽"], &["年卡", "私教课"]),
    ("教育培训", &["教育", "书院", "学堂"], &["课程", "试听课"]),
    ("生活服务", &["洗衣", "修鞋", "眼镜", "美发"], &["眼镜", "烫发", "干洗"]),
];

pub const CITIES: &[&str] =
    &["上海", "北京", "广州", "深圳", "杭州", "南京", "成都", "武汉", "苏州", "佛山", "义乌", "长沙"];

pub const COMPANY_KINDS: &[&str] = &["餐饮管理", "商贸", "服饰", "实业", "贸易", "文化发展", "科技", "家居"];

pub const LOST_REASONS: &[&str] = &[
    "租金超出预算",
    "面积不合适",
    "已选择其他商场",
    "品牌战略调整，暂停拓店",
    "对楼层位置不满意",
    "工期与开业计划冲突",
];

pub const INTERACTION_SUMMARIES: &[&str] = &[
    "到访看铺，对一楼临街铺位感兴趣",
    "电话沟通租金和免租期",
    "发送招商手册和平面图",
    "实地考察商场客流",
    "确认品牌资质材料",
    "商谈装修期和开业时间",
    "对比其他商场条件，暂未决定",
    "微信发送铺位照片",
];

pub const NEXT_STEPS: &[&str] =
    &["约下周看铺", "报租金方案", "等待总部审批", "提交资质材料", "安排法务审核", ""];

/// Complaints about a merchant's shop; `{goods}` is the merchant's goods. Only a merchant having
/// a bad year draws these, so the effective complaint rate stays near its target.
pub const MERCHANT_COMPLAINT_TEXTS: &[(&str, &str)] = &[
    ("goods_quality", "购买的{goods}有质量问题，要求退换"),
    ("goods_quality", "{goods}使用一周就坏了，商户不予处理"),
    ("service_attitude", "店员服务态度差，说话不耐烦"),
    ("service_attitude", "导购强行推销{goods}"),
    ("price", "{goods}标价与结账价格不一致"),
    ("price", "促销活动价格没有兑现"),
    ("after_sales", "{goods}售后维修拖延超过两周"),
    ("after_sales", "退款申请迟迟没有到账"),
    ("noise", "店铺音乐音量过大影响周边"),
];

/// Complaints about the mall itself: no merchant is named.
pub const MALL_COMPLAINT_TEXTS: &[(&str, &str)] = &[
    ("facilities", "扶梯停运无人处理"),
    ("facilities", "卫生间水龙头漏水"),
    ("facilities", "商场空调温度太低"),
    ("facilities", "母婴室尿布台损坏"),
    ("facilities", "电梯等候时间过长"),
    ("cleanliness", "通道地面有油污，容易滑倒"),
    ("cleanliness", "卫生间没有纸巾，气味大"),
    ("safety", "消防通道被杂物堵塞"),
    ("service_attitude", "保安指引车辆时态度生硬"),
    ("noise", "中庭活动音响声音过大"),
    ("other", "停车场收费标准不清楚"),
    ("other", "停车场排队出场超过二十分钟"),
    ("other", "会员积分没有到账"),
];

pub const REPAIR_TEXTS: &[&str] = &[
    "店铺空调不制冷",
    "门口灯箱不亮",
    "卷帘门卡住打不开",
    "卫生间下水道堵塞",
    "电表跳闸，店内停电",
    "天花板渗水",
];

pub const HELP_TEXTS: &[&str] =
    &["顾客在商场内走失儿童，请求广播寻人", "顾客突发身体不适，需要协助", "顾客钱包遗失，请求查看监控"];

pub const INCIDENT_TEXTS: &[&str] =
    &["巡场发现二楼消防栓箱门损坏", "巡场发现外摆超出红线", "商户未按规定时间开门营业"];

pub const SUGGESTION_TEXTS: &[&str] =
    &["建议增加母婴室数量", "建议延长周末营业时间", "建议在一楼增加休息座椅"];

/// What customers say at a callback, by verdict: satisfied, neutral, unsatisfied.
pub const CUSTOMER_WORDS: [&[&str]; 3] = [
    &["处理很及时，谢谢", "问题解决了，满意", "态度不错，很满意"],
    &["还可以，希望以后注意", "一般吧，等得有点久"],
    &["等了太久，不太满意", "没有彻底解决", "还是没有人联系我"],
];

/// Words that fit a verdict.
pub fn words_for(outcome: crate::domain::complaint::Satisfaction) -> &'static [&'static str] {
    use crate::domain::complaint::Satisfaction;
    match outcome {
        Satisfaction::Satisfied => CUSTOMER_WORDS[0],
        Satisfaction::Neutral => CUSTOMER_WORDS[1],
        Satisfaction::Unsatisfied => CUSTOMER_WORDS[2],
    }
}

pub const DEPARTMENTS: &[&str] = &["营运部", "工程部", "客服中心", "保安部", "保洁部"];

pub const ZONE_LETTERS: &[&str] = &["A", "B", "C", "D", "E", "F"];

pub const FLOORS: &[&str] = &["B1", "1F", "2F", "3F", "4F", "5F"];
