"""Chinese equivalents of the taxonomy's English keywords: the bilingual cleantech glossary.

Each sector's entry pairs Chinese terms with the English keyword of ``taxonomy`` they
render (``中文=english``). With the sector names (``name_zh`` / ``name_en``) they form the
glossary that ``companies.bilingual`` maps Chinese text through before falling back on the
general CC-CEDICT dictionary: technical terms such as 热泵 or 岸电 are translated the way
the trade says them, not word by word. Written for this taxonomy; plain data, no Django.
"""

from __future__ import annotations

GLOSSARY: dict[str, str] = {
    "smart-city": "智慧城市=smart city, 城市平台=urban platform, 城市数据=city data, 物联网=iot, "
    "传感器=sensors, 数字孪生=digital twin, 城市规划=urban planning, 市政服务=municipal services",
    "smart-city.urban-data-platform": "城市数据平台=urban data platform, 开放数据=open data, "
    "城市运行管理平台=city management platform, 城市大脑=city operating system, 驾驶舱=dashboard, "
    "数据整合=data integration, 数据分析=analytics, 可视化=visualisation, 地理信息系统=gis, 运营中心=operations centre",
    "smart-city.digital-twin": "三维城市模型=3d city model, 仿真=simulation, 情景模拟=scenario, "
    "建筑信息模型=bim, 片区规划=district planning, 气候适应=climate adaptation, 微气候=microclimate, 总体规划=master plan",
    "smart-city.smart-lighting": "智慧路灯=smart street lighting, 路灯=street light, LED路灯=led street light, "
    "照明控制=lighting control, 智慧灯杆=smart pole, 调光=dimming",
    "smart-city.environmental-sensing": "环境监测=environmental monitoring, 噪声监测=noise monitoring, "
    "无线传感器=wireless sensors, 传感网络=sensor network, 交通计数=traffic counting",
    "energy-efficiency": "能效=energy efficiency, 节能=energy saving, 节能改造=energy retrofit, "
    "能源审计=energy audit, 合同能源管理=energy performance contract",
    "energy-efficiency.building-energy-management": "建筑能源管理=building energy management, "
    "楼宇自控=building automation, 暖通空调控制=hvac control, 预测控制=predictive control, "
    "能耗监测=energy monitoring, 智能楼宇=smart building, 能源管理平台=energy management platform",
    "energy-efficiency.industrial-efficiency": "工业节能=industrial energy efficiency, 变频器=variable speed drive, "
    "压缩空气=compressed air, 电机=electric motor, 工艺优化=process optimisation, 蒸汽系统=steam system",
    "energy-efficiency.heat-pumps": "热泵=heat pump, 地源热泵=ground source heat pump, 空气源热泵=air source heat pump, "
    "工业热泵=industrial heat pump, 大型热泵=large heat pump, 二氧化碳热泵=co2 heat pump, 天然工质=natural refrigerant, 污水源热泵=sewage heat pump",
    "energy-efficiency.waste-heat-recovery": "余热回收=waste heat recovery, 余热=waste heat, 废热=waste heat, "
    "换热器=heat exchanger, 有机朗肯循环=orc, 数据中心余热=data centre heat, 低温余热=low grade heat",
    "energy-efficiency.efficient-lighting": "高效照明=efficient lighting, LED改造=led retrofit, "
    "照明设计=lighting design, 人体感应=presence detection, 自然采光=daylight harvesting",
    "renewable-energy": "可再生能源=renewable energy, 新能源=renewable energy, 清洁电力=clean power, 绿电=green electricity",
    "renewable-energy.solar-pv": "光伏=photovoltaic, 太阳能光伏=solar pv, 分布式光伏=distributed solar pv, "
    "屋顶光伏=rooftop solar, 光伏组件=solar module, 光伏建筑一体化=bipv, 逆变器=inverter, 光伏电站=solar power plant, 运维=o&m",
    "renewable-energy.solar-thermal": "太阳能光热=solar thermal, 太阳能集热器=solar collector, "
    "太阳能区域供热=solar district heating, 季节性储热=seasonal storage",
    "renewable-energy.wind": "风电=wind power, 风能=wind energy, 海上风电=offshore wind, 风机=wind turbine, 叶片=blade, 叶片检测=blade inspection",
    "renewable-energy.bioenergy": "生物质=biomass, 沼气=biogas, 生物天然气=biomethane, 厌氧消化=anaerobic digestion, "
    "生物质锅炉=biomass boiler, 木屑=wood chips, 沼气提纯=biogas upgrading",
    "renewable-energy.geothermal": "地热=geothermal, 地热能=geothermal energy, 钻孔=borehole, 地埋管=borehole heat exchanger, 含水层储能=ates",
    "green-buildings": "绿色建筑=green building, 建筑节能=building energy efficiency, 低碳建筑=low carbon building, 可持续建筑=sustainable building",
    "green-buildings.passive-house": "被动房=passive house, 被动式建筑=passive house, 近零能耗建筑=nearly zero energy building, "
    "气密性=airtightness, 新风热回收=heat recovery ventilation, 超低能耗=ultra low energy",
    "green-buildings.green-materials": "绿色建材=green building materials, 低碳混凝土=low carbon concrete, "
    "再生骨料=recycled aggregate, 环境产品声明=epd, 保温材料=insulation",
    "green-buildings.timber-construction": "木结构=timber construction, 正交胶合木=cross laminated timber, "
    "装配式建筑=prefabricated building, 模块化建筑=modular building, 预制=prefabricated",
    "green-buildings.deep-retrofit": "既有建筑节能改造=deep retrofit, 节能改造=energy renovation, 外墙保温=facade insulation, "
    "老旧小区改造=residential renovation, 预制外立面=prefabricated facade",
    "green-buildings.certification-consulting": "绿色建筑认证=green building certification, 绿色建筑评价=green building rating, "
    "能耗模拟=energy simulation, 全生命周期评价=life cycle assessment, 咨询=consulting",
    "district-heating": "区域供热=district heating, 集中供热=district heating, 供热=heating, 供暖=space heating, 热网=heat network, 区域能源=district energy",
    "district-heating.heat-networks": "供热管网=heat network, 热力管网=heat network, 预制直埋保温管=pre-insulated pipe, "
    "预制保温管=pre-insulated pipe, 保温管=pre-insulated pipe, 双管=twin pipe, 低温供热=low temperature district heating, 管网漏损=leak surveillance",
    "district-heating.district-cooling": "区域供冷=district cooling, 集中供冷=district cooling, 自然冷却=free cooling, "
    "吸收式制冷机=absorption chiller, 冷冻水管网=chilled water network, 冷站=cooling plant",
    "district-heating.network-optimisation": "热网监控=network monitoring, 智慧供热=smart heating, 负荷预测=load forecasting, "
    "供水温度优化=supply temperature optimisation, 热计量=heat metering, 换热站=substation, 故障诊断=fault detection, 水力平衡=hydraulic balancing",
    "district-heating.thermal-storage": "储热=thermal energy storage, 蓄热=thermal storage, 储热罐=thermal storage tank, "
    "相变材料=phase change material, 热水罐=hot water tank, 蓄冷=cold storage",
    "energy-generation": "发电=power generation, 电网=grid, 配电网=distribution grid, 能源生产=energy generation",
    "energy-generation.chp": "热电联产=chp, 热电联供=cogeneration, 生物质热电联产=biomass chp, 燃气内燃机=gas engine",
    "energy-generation.smart-grid": "智能电网=smart grid, 虚拟电厂=virtual power plant, 需求响应=demand response, "
    "灵活性=flexibility, 有序充电=smart charging, 电网调度=grid dispatch",
    "energy-generation.microgrids": "微电网=microgrid, 分布式能源=distributed energy, 孤岛运行=islanding, "
    "能量管理系统=energy management system, 微网控制器=microgrid controller, 源网荷储=integrated energy system",
    "energy-generation.power-electronics": "电力电子=power electronics, 变流器=power converter, 碳化硅=silicon carbide, "
    "混合逆变器=hybrid inverter, 电能变换=power conversion",
    "water-treatment": "水处理=water treatment, 水务=water utility, 水环境=water environment, 水质=water quality",
    "water-treatment.wastewater": "污水处理=wastewater treatment, 污水处理厂=wastewater treatment plant, 生活污水=municipal wastewater, "
    "膜生物反应器=membrane bioreactor, 脱氮=nitrogen removal, 除磷=phosphorus removal, 提标改造=plant upgrade, "
    "污泥=sludge, 污泥处理=sludge treatment, 污泥干化=sludge drying, 污泥焚烧=sludge incineration, 污泥消化=sludge digestion",
    "water-treatment.drinking-water": "饮用水=drinking water, 自来水厂=water treatment plant, 紫外消毒=uv disinfection, 消毒=disinfection, 供水=water supply",
    "water-treatment.water-reuse": "再生水=reclaimed water, 中水回用=water reuse, 海水淡化=desalination, 反渗透=reverse osmosis, "
    "臭氧=ozone, 高级氧化=advanced oxidation, 零排放=zero liquid discharge",
    "water-treatment.smart-water": "智慧水务=smart water, 漏损检测=leak detection, 管网漏损=non-revenue water, 产销差=non-revenue water, "
    "压力管理=pressure management, 声学传感器=acoustic sensor, 供水管网=water mains",
    "water-treatment.stormwater": "海绵城市=sponge city, 雨水管理=stormwater management, 绿色屋顶=green roof, 透水铺装=permeable paving, "
    "生态草沟=bioswale, 雨水花园=rain garden, 雨水收集=rainwater harvesting, 内涝=urban flooding",
    "clean-energy": "清洁能源=clean energy, 氢能=hydrogen, 储能=energy storage",
    "clean-energy.hydrogen": "绿氢=green hydrogen, 氢气=hydrogen, 电解槽=electrolyser, 电解水制氢=water electrolysis, 加氢站=hydrogen refuelling station",
    "clean-energy.battery-storage": "电池储能=battery storage, 储能系统=energy storage system, 梯次利用=second life battery, "
    "电池管理系统=battery management system, 削峰填谷=peak shaving, 锂电池=lithium battery",
    "clean-energy.fuel-cells": "燃料电池=fuel cell, 固体氧化物燃料电池=solid oxide fuel cell",
    "clean-energy.power-to-x": "电转气=power to gas, 电子燃料=e-fuel, 合成燃料=synthetic fuel, 甲醇=methanol, 氨=ammonia",
    "clean-energy.carbon-capture": "碳捕集=carbon capture, 二氧化碳利用=co2 utilisation, 生物炭=biochar, 碳封存=carbon storage",
    "air-pollution-control": "大气污染=air pollution, 大气污染防治=air pollution control, 废气=exhaust gas, 排放=emissions",
    "air-pollution-control.air-quality-monitoring": "空气质量=air quality, 空气质量监测=air quality monitoring, 微型监测站=air quality sensor, "
    "细颗粒物=pm2.5, 二氧化氮=no2, 臭氧=ozone, 空气质量预报=air quality forecast, 污染溯源=source apportionment",
    "air-pollution-control.flue-gas-treatment": "烟气=flue gas, 烟气治理=flue gas treatment, 脱硝=denitrification, "
    "选择性催化还原=selective catalytic reduction, 布袋除尘=bag filter, 洗涤塔=scrubber, 脱硫=desulphurisation",
    "air-pollution-control.voc-odour": "挥发性有机物=voc, 异味=odour, 臭气=odour, 生物滤池=biofilter, "
    "蓄热式焚烧炉=regenerative thermal oxidiser, 废气治理=exhaust gas treatment",
    "air-pollution-control.indoor-air": "室内空气=indoor air, 新风=ventilation, 空气净化=air purification",
    "soil-remediation": "土壤修复=soil remediation, 污染场地=contaminated site, 土壤污染=soil contamination",
    "soil-remediation.site-investigation": "场地调查=site investigation, 地下水监测=groundwater monitoring, 全氟化合物=pfas, 地球物理=geophysics",
    "soil-remediation.in-situ-remediation": "原位修复=in situ remediation, 热脱附=thermal desorption, 原位热修复=in situ thermal remediation, 氯代溶剂=chlorinated solvents",
    "soil-remediation.bioremediation": "生物修复=bioremediation, 植物修复=phytoremediation, 生物堆=biopile",
    "soil-remediation.groundwater": "地下水修复=groundwater remediation, 地下水=groundwater",
    "soil-remediation.brownfield": "棕地=brownfield, 棕地再开发=brownfield redevelopment, 化工厂旧址=former chemical plant",
    "waste": "固体废物=solid waste, 垃圾=waste, 废弃物=waste, 生活垃圾=municipal solid waste, 资源化=resource recovery, 填埋=landfill",
    "waste.collection": "垃圾收运=waste collection, 垃圾收集=waste collection, 满溢传感器=fill level sensor, 智能垃圾桶=smart bin, 路线优化=route optimisation",
    "waste.recycling": "回收=recycling, 分拣=sorting, 光学分选=optical sorting, 塑料回收=plastic recycling, "
    "电子废弃物=e-waste, 废旧电子设备=e-waste, 再生资源=secondary raw materials",
    "waste.waste-to-energy": "垃圾焚烧=waste incineration, 焚烧发电=waste to energy, 气化=gasification, 热解=pyrolysis, 垃圾衍生燃料=refuse derived fuel",
    "waste.organic-waste": "餐厨垃圾=food waste, 厨余垃圾=kitchen waste, 有机垃圾=organic waste, 堆肥=composting, "
    "黑水虻=black soldier fly, 园林垃圾=garden waste, 沼渣=digestate",
    "waste.construction-waste": "建筑垃圾=construction waste, 拆除垃圾=demolition waste, 再生骨料=recycled aggregate",
    "clean-mobility": "清洁交通=clean mobility, 绿色交通=sustainable transport, 公共交通=public transport, 零排放=zero emission, 低排放区=low emission zone",
    "clean-mobility.ev-charging": "充电=charging, 充电桩=charging station, 充电站=charging station, 快充=fast charging, "
    "有序充电=smart charging, 负荷管理=load management, 车网互动=vehicle to grid, 场站充电=depot charging",
    "clean-mobility.electric-vehicles": "电动汽车=electric vehicle, 电动公交=electric bus, 电动卡车=electric truck, "
    "电动船舶=electric boat, 电动渡轮=electric ferry, 驱动系统=drivetrain, 氢燃料电池车=fuel cell vehicle",
    "clean-mobility.shared-mobility": "共享单车=bike sharing, 共享汽车=car sharing, 共享电单车=shared e-bike, 微出行=micromobility, 出行即服务=mobility as a service, 货运自行车=cargo bike",
    "clean-mobility.intelligent-transport": "智能交通=intelligent transport system, 交通信号=traffic signal, 信号配时=signal timing, "
    "交通管理=traffic management, 智慧停车=smart parking, 交通流量=traffic flow, 机器视觉=computer vision",
    "clean-mobility.logistics": "城市物流=city logistics, 末端配送=last mile delivery, 电动物流车=electric delivery van, 共同配送=consolidation centre",
    "agri-food": "农业=agriculture, 农场=farm, 食品加工=food processing, 农业园区=agricultural park, 大棚=greenhouse, 蔬菜=vegetables",
    "agri-food.precision-agriculture": "精准农业=precision agriculture, 智慧灌溉=smart irrigation, 精准灌溉=precision irrigation, "
    "滴灌=drip irrigation, 土壤墒情=soil moisture, 土壤湿度=soil moisture, 水肥一体化=fertigation, 农业传感器=farm sensor",
    "agri-food.controlled-environment": "设施农业=controlled environment agriculture, 植物工厂=plant factory, 垂直农场=vertical farm, "
    "水培=hydroponics, 补光=grow light, 温室=greenhouse",
    "agri-food.food-processing": "冷链=cold chain, 冷库=cold storage, 制冷=refrigeration, 巴氏杀菌=pasteurisation, 乳品=dairy, 啤酒厂=brewery, 速冻=freezing",
    "blue-economy": "海洋=ocean, 海洋经济=blue economy, 蓝色经济=blue economy, 近海=coastal waters, 沿海=coastal, 港口=port, 海上=offshore",
    "blue-economy.aquaculture": "水产养殖=aquaculture, 循环水养殖=recirculating aquaculture, 工厂化养殖=land based aquaculture, "
    "网箱养殖=net pen, 海水养殖=mariculture, 养殖=fish farming, 海带=seaweed, 对虾=shrimp",
    "blue-economy.ocean-energy": "潮流能=tidal stream, 潮汐能=tidal energy, 波浪能=wave energy, 海洋能=ocean energy",
    "blue-economy.ports-shipping": "岸电=shore power, 靠港船舶=ships at berth, 绿色港口=green port, 港口电动化=port electrification, "
    "电动船舶=electric ship, 船体清洗=hull cleaning, 防污涂料=antifouling coating, 码头=berth, 船舶排放=ship emissions",
    "blue-economy.marine-monitoring": "海洋监测=marine monitoring, 浮标=buoy, 赤潮=algal bloom, 藻华=algal bloom, "
    "溶解氧=dissolved oxygen, 叶绿素=chlorophyll, 近岸海域=coastal waters, 水质在线监测=online water quality monitoring",
    "bio-based": "生物基=bio-based, 生物基材料=bio-based materials, 可降解=biodegradable, 生物经济=bioeconomy",
    "bio-based.bioplastics": "生物基塑料=bio-based plastic, 可降解塑料=biodegradable plastic, 可降解包装=biodegradable packaging, "
    "可堆肥=compostable, 聚乳酸=pla, 包装=packaging, 餐盒=food container, 塑料替代=plastic substitute, 减塑=plastic reduction",
    "bio-based.biorefinery": "生物炼制=biorefinery, 木质素=lignin, 生物基化学品=bio-based chemicals, 发酵=fermentation, 纤维素=cellulose",
    "bio-based.fibre-materials": "天然纤维=natural fibre, 大麻纤维=hemp fibre, 秸秆=straw, 木纤维=wood fibre, 生物复合材料=biocomposite",
    "circular-economy": "循环经济=circular economy, 循环化改造=circular transformation, 资源循环利用=resource recycling, 资源效率=resource efficiency",
    "circular-economy.reuse-repair": "翻新=refurbishment, 再制造=remanufacturing, 维修=repair, 再利用=reuse, 二手=second hand, 拆解=dismantling",
    "circular-economy.industrial-symbiosis": "产业共生=industrial symbiosis, 园区循环化改造=circular industrial park, "
    "副产品=by-product, 物质流分析=material flow analysis, 生态工业园=eco-industrial park, 磷回收=phosphorus recovery",
}


def pairs() -> list[tuple[str, str, str]]:
    """(Chinese term, English term, sector code) for every glossary entry."""
    out = []
    for code, text in GLOSSARY.items():
        for item in text.split(", "):
            zh, _, en = item.partition("=")
            if zh.strip() and en.strip():
                out.append((zh.strip(), en.strip(), code))
    return out
