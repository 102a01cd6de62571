"""The cleantech sector taxonomy: sixteen top-level sectors, each with a few sub-sectors.

Plain data on purpose: the scoring maths, the sector suggester, fixtures and migrations all
read it without touching the database. Codes are stable slugs (``renewable-energy`` for a
top-level sector, ``renewable-energy.solar-pv`` for a sub-sector) because they are stored on
profiles and demand projects; names and descriptions may be reworded freely.

The keyword lists are written for classification (see ``matchmaking.sector_suggest``): they
name the technologies, products and buyer vocabulary a profile or a demand project in that
sector tends to use, in English and lower case.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple


class Sector(NamedTuple):
    """One node of the taxonomy; ``parent_code`` is ``None`` for a top-level sector."""

    code: str
    parent_code: str | None
    name_en: str
    name_zh: str
    description_en: str
    keywords: tuple[str, ...]

    @property
    def is_top_level(self) -> bool:
        return self.parent_code is None


def _s(
    code: str,
    name_en: str,
    name_zh: str,
    description_en: str,
    keywords: str,
) -> Sector:
    """Build a sector; the parent is whatever precedes the last dot of the code."""
    parent = code.rsplit(".", 1)[0] if "." in code else None
    words = tuple(k.strip() for k in keywords.split(",") if k.strip())
    return Sector(code, parent, name_en, name_zh, description_en, words)


SECTORS: tuple[Sector, ...] = (
    # --- Smart city -------------------------------------------------------------------
    _s(
        "smart-city",
        "Smart city",
        "智慧城市",
        "Digital solutions that help cities plan, monitor and run urban infrastructure and "
        "services more efficiently and sustainably.",
        "smart city, urban platform, city data, iot, sensors, digital twin, urban planning, "
        "city dashboard, connected city, municipal services, urban analytics",
    ),
    _s(
        "smart-city.urban-data-platform",
        "Urban data platforms",
        "城市数据平台",
        "Software platforms that collect, integrate and visualise city data from sensors and "
        "municipal systems for planners and operators.",
        "urban data platform, open data, city operating system, dashboard, data integration, "
        "api, analytics, visualisation, gis, city management platform, saas, cloud platform",
    ),
    _s(
        "smart-city.digital-twin",
        "Urban digital twins and planning tools",
        "城市数字孪生与规划工具",
        "3D city models, simulation and planning tools that let planners test scenarios for "
        "districts, energy, climate and mobility before building.",
        "digital twin, 3d city model, simulation, urban planning, scenario, bim, gis, "
        "district planning, climate adaptation, microclimate, planning tool, master plan",
    ),
    _s(
        "smart-city.smart-lighting",
        "Smart street lighting",
        "智慧路灯",
        "Connected LED street lighting with remote control, dimming and sensors mounted on "
        "light poles.",
        "street lighting, led street light, smart lighting, dimming, light pole, lamp post, "
        "luminaire, lighting control, outdoor lighting, public lighting",
    ),
    _s(
        "smart-city.environmental-sensing",
        "Urban sensing and IoT networks",
        "城市感知与物联网",
        "Networks of low-cost sensors and IoT connectivity that measure noise, traffic, "
        "weather and environmental conditions across a city.",
        "iot, sensor network, lorawan, nb-iot, wireless sensors, noise monitoring, "
        "environmental monitoring, edge computing, real-time monitoring, telemetry",
    ),
    # --- Energy efficiency ------------------------------------------------------------
    _s(
        "energy-efficiency",
        "Energy efficiency",
        "能效提升",
        "Technologies and services that cut energy use in buildings and industry without "
        "reducing the service delivered.",
        "energy efficiency, energy saving, energy audit, energy performance, "
        "energy consumption, energy retrofit, energy service company, esco",
    ),
    _s(
        "energy-efficiency.building-energy-management",
        "Building energy management and automation",
        "建筑能源管理与楼宇自控",
        "Building automation, metering and software that monitor and optimise heating, "
        "cooling, ventilation and lighting in buildings.",
        "building energy management, bems, building automation, bms, hvac control, "
        "smart meter, submetering, energy monitoring, demand control, ventilation control, "
        "predictive control, machine learning, occupancy",
    ),
    _s(
        "energy-efficiency.industrial-efficiency",
        "Industrial energy efficiency",
        "工业节能",
        "Efficient motors, drives, compressed air, process optimisation and energy audits "
        "for factories and industrial parks.",
        "industrial energy efficiency, variable speed drive, electric motor, compressed air, "
        "process optimisation, industrial park, factory, steam system, energy audit, "
        "pump efficiency",
    ),
    _s(
        "energy-efficiency.heat-pumps",
        "Heat pumps",
        "热泵",
        "Air-source, ground-source and large industrial heat pumps that deliver heating and "
        "cooling from ambient or waste heat.",
        "heat pump, air source heat pump, ground source heat pump, industrial heat pump, "
        "refrigerant, co2 heat pump, natural refrigerant, compressor, cop",
    ),
    _s(
        "energy-efficiency.waste-heat-recovery",
        "Waste heat recovery",
        "余热回收",
        "Equipment that captures waste heat from industrial processes, data centres or "
        "exhaust air and puts it back to use.",
        "waste heat recovery, heat exchanger, excess heat, surplus heat, exhaust air, "
        "organic rankine cycle, orc, heat recovery ventilation, data centre heat",
    ),
    _s(
        "energy-efficiency.efficient-lighting",
        "Efficient indoor lighting",
        "高效照明",
        "LED retrofits and daylight-responsive lighting controls for offices, schools, "
        "hospitals and factories.",
        "led retrofit, indoor lighting, daylight harvesting, lighting control, luminaire, "
        "lighting design, presence detection",
    ),
    # --- Renewable energy -------------------------------------------------------------
    _s(
        "renewable-energy",
        "Renewable energy",
        "可再生能源",
        "Electricity and heat produced from renewable sources such as sun, wind, biomass and "
        "the earth's heat.",
        "renewable energy, renewables, green electricity, clean power, low carbon energy, "
        "renewable heat, decarbonisation",
    ),
    _s(
        "renewable-energy.solar-pv",
        "Solar photovoltaics",
        "太阳能光伏",
        "Photovoltaic modules, inverters, mounting and monitoring for rooftop, "
        "building-integrated and utility-scale solar power.",
        "solar pv, photovoltaic, solar panel, solar module, rooftop solar, inverter, "
        "building integrated photovoltaics, bipv, solar park, solar farm, pv monitoring, "
        "solar cell, agrivoltaics, floating solar",
    ),
    _s(
        "renewable-energy.solar-thermal",
        "Solar thermal",
        "太阳能光热",
        "Solar collectors that produce hot water and heat for buildings, district heating "
        "and industrial processes.",
        "solar thermal, solar collector, flat plate collector, evacuated tube, "
        "solar hot water, concentrated solar, solar heat, solar district heating",
    ),
    _s(
        "renewable-energy.wind",
        "Wind power",
        "风能",
        "Onshore, offshore and small wind turbines together with their components, "
        "inspection and maintenance.",
        "wind turbine, wind power, wind farm, offshore wind, onshore wind, blade, "
        "small wind, wind energy, nacelle, blade inspection",
    ),
    _s(
        "renewable-energy.bioenergy",
        "Bioenergy and biogas",
        "生物质能与沼气",
        "Energy from biomass, biogas and biomethane made from agricultural residues, "
        "forestry by-products, manure and organic waste.",
        "biomass, biogas, biomethane, anaerobic digestion, digester, pellets, wood chips, "
        "biofuel, bioenergy, gasification, manure, biomass boiler",
    ),
    _s(
        "renewable-energy.geothermal",
        "Geothermal energy",
        "地热能",
        "Deep and shallow geothermal systems, boreholes and ground heat exchangers for heat "
        "and power.",
        "geothermal, borehole, ground heat exchanger, deep geothermal, shallow geothermal, "
        "drilling, aquifer thermal energy storage, ates, ground source",
    ),
    # --- Sustainable (green) buildings ------------------------------------------------
    _s(
        "green-buildings",
        "Sustainable and green buildings",
        "绿色建筑",
        "Design, materials and construction methods for buildings that use little energy "
        "and resources over their life cycle.",
        "green building, sustainable building, low energy building, "
        "architecture, building envelope, life cycle assessment, leed, breeam, "
        "three star green building",
    ),
    _s(
        "green-buildings.passive-house",
        "Passive and nearly zero-energy buildings",
        "被动式与近零能耗建筑",
        "Design and components for passive houses and nearly zero-energy buildings: "
        "airtight envelopes, insulation, high-performance windows and ventilation.",
        "passive house, passivhaus, nearly zero energy building, nzeb, zero energy, "
        "insulation, airtightness, triple glazing, high performance windows, "
        "thermal bridge, building envelope, facade",
    ),
    _s(
        "green-buildings.green-materials",
        "Green building materials",
        "绿色建材",
        "Low-carbon construction materials such as recycled aggregates, bio-based insulation "
        "and low-clinker cement.",
        "green building materials, low carbon concrete, cement, recycled aggregate, "
        "bio-based insulation, hempcrete, embodied carbon, epd, environmental product "
        "declaration, low voc paint",
    ),
    _s(
        "green-buildings.timber-construction",
        "Timber and modular construction",
        "木结构与装配式建筑",
        "Cross-laminated timber and prefabricated modular building systems that cut "
        "embodied carbon and construction time.",
        "cross laminated timber, clt, glulam, mass timber, wood construction, timber frame, "
        "prefabricated, modular building, prefab, off-site construction",
    ),
    _s(
        "green-buildings.deep-retrofit",
        "Building renovation and retrofit",
        "既有建筑节能改造",
        "Deep energy renovation of existing residential and public buildings: envelope, "
        "windows, ventilation and heating upgraded together.",
        "deep renovation, building retrofit, energy renovation, refurbishment, "
        "facade renovation, prefabricated facade, existing buildings, apartment blocks",
    ),
    _s(
        "green-buildings.certification-consulting",
        "Green building certification and consulting",
        "绿色建筑认证与咨询",
        "Consulting, simulation and certification support for LEED, BREEAM, WELL and China "
        "Green Building Label projects.",
        "leed, breeam, well building standard, green building label, energy simulation, "
        "sustainability consulting, life cycle assessment, daylight simulation",
    ),
    # --- District heating and cooling -------------------------------------------------
    _s(
        "district-heating",
        "District heating and cooling",
        "区域供热与供冷",
        "Networks that distribute heat or cold from central plants and recovered heat "
        "sources to many buildings.",
        "district heating, district cooling, heat network, thermal network, "
        "heating network, substation, heat supply, fourth generation district heating",
    ),
    _s(
        "district-heating.heat-networks",
        "Heat networks and pre-insulated pipes",
        "供热管网与预制保温管",
        "Pre-insulated pipes, substations and design of low-temperature district heating networks.",
        "pre-insulated pipe, district heating pipe, substation, heat interface unit, "
        "low temperature district heating, 4gdh, 5gdh, network design, heat network",
    ),
    _s(
        "district-heating.district-cooling",
        "District cooling",
        "区域供冷",
        "Central cooling plants, free cooling from sea or lake water and chilled-water "
        "networks for business districts and campuses.",
        "district cooling, chilled water, free cooling, absorption chiller, seawater cooling, "
        "lake water cooling, cooling network, ice storage",
    ),
    _s(
        "district-heating.network-optimisation",
        "Network control and optimisation",
        "管网智能调控与优化",
        "Software, meters and sensors that forecast demand, lower supply temperatures and "
        "find faults in heating and cooling networks.",
        "network optimisation, supply temperature, load forecasting, heat meter, "
        "fault detection, hydraulic balancing, smart heat, demand response, "
        "district heating software",
    ),
    _s(
        "district-heating.thermal-storage",
        "Thermal energy storage",
        "储热",
        "Hot-water tanks, pit storage, seasonal storage and phase-change materials that "
        "shift heat and cold in time.",
        "thermal energy storage, heat storage, seasonal storage, pit storage, "
        "hot water tank, phase change material, pcm, thermal battery",
    ),
    # --- Energy generation ------------------------------------------------------------
    _s(
        "energy-generation",
        "Energy generation and grids",
        "能源生产与电网",
        "Power and heat generation plants, distributed generation and the grids that connect them.",
        "power generation, power plant, electricity generation, distributed generation, "
        "power grid, utility, transmission, distribution network",
    ),
    _s(
        "energy-generation.chp",
        "Combined heat and power",
        "热电联产",
        "Cogeneration and trigeneration plants that produce electricity and useful heat "
        "from gas, biomass or waste.",
        "combined heat and power, chp, cogeneration, trigeneration, gas engine, "
        "micro chp, steam turbine, gas turbine",
    ),
    _s(
        "energy-generation.smart-grid",
        "Smart grids",
        "智能电网",
        "Grid automation, monitoring and flexibility services for distribution system operators.",
        "smart grid, grid automation, distribution system operator, dso, flexibility, "
        "demand response, grid monitoring, virtual power plant, substation automation, "
        "power quality",
    ),
    _s(
        "energy-generation.microgrids",
        "Microgrids and distributed energy",
        "微电网与分布式能源",
        "Local microgrids combining generation, storage and controllable loads for "
        "campuses, islands, ports and industrial parks.",
        "microgrid, distributed energy, energy management system, islanding, "
        "peer to peer energy, local energy community, off-grid, hybrid system",
    ),
    _s(
        "energy-generation.power-electronics",
        "Power electronics and converters",
        "电力电子与变流器",
        "Converters, inverters and power-conversion equipment that connect generators, "
        "storage and loads to the grid efficiently.",
        "power electronics, converter, inverter, silicon carbide, sic, transformer, "
        "power conversion, dc grid, grid connection",
    ),
    # --- Water treatment --------------------------------------------------------------
    _s(
        "water-treatment",
        "Water treatment",
        "水处理",
        "Technologies that clean, supply, reuse and manage water for cities and industry.",
        "water treatment, wastewater, drinking water, water utility, water supply, "
        "water quality, water management, filtration",
    ),
    _s(
        "water-treatment.wastewater",
        "Wastewater treatment",
        "污水处理",
        "Municipal and industrial wastewater treatment: biological processes, membranes, "
        "nutrient removal and sludge handling.",
        "wastewater treatment, sewage, activated sludge, membrane bioreactor, mbr, mbbr, "
        "nitrogen removal, phosphorus removal, industrial effluent, sludge, "
        "wastewater treatment plant, biofilm, aeration",
    ),
    _s(
        "water-treatment.drinking-water",
        "Drinking water",
        "饮用水处理",
        "Treatment and disinfection that make surface and ground water safe to drink.",
        "drinking water, potable water, disinfection, uv disinfection, ultrafiltration, "
        "reverse osmosis, water purification, chlorination, water quality",
    ),
    _s(
        "water-treatment.water-reuse",
        "Water reuse and desalination",
        "再生水回用与海水淡化",
        "Advanced treatment that turns wastewater or seawater into water fit for industry, "
        "irrigation or drinking.",
        "water reuse, water recycling, reclaimed water, greywater, desalination, "
        "zero liquid discharge, advanced oxidation, ozone, reverse osmosis",
    ),
    _s(
        "water-treatment.smart-water",
        "Smart water networks and leak detection",
        "智慧水务与漏损检测",
        "Sensors, acoustic leak detection and software that cut losses and energy use in "
        "water distribution and sewer networks.",
        "leak detection, smart water, non revenue water, water network, acoustic sensor, "
        "pressure management, smart water meter, sewer monitoring, hydraulic model",
    ),
    _s(
        "water-treatment.stormwater",
        "Stormwater and sponge city",
        "雨水管理与海绵城市",
        "Nature-based solutions and systems that retain, infiltrate and treat rainwater to "
        "prevent urban flooding.",
        "stormwater, sponge city, rainwater harvesting, green roof, permeable paving, "
        "urban flooding, flood protection, bioswale, nature based solutions, "
        "retention basin",
    ),
    # --- Clean energy (hydrogen, storage) ---------------------------------------------
    _s(
        "clean-energy",
        "Clean energy: hydrogen and storage",
        "清洁能源：氢能与储能",
        "Energy carriers and storage that make a renewable energy system work: hydrogen, "
        "batteries, fuel cells and carbon capture.",
        "clean energy, hydrogen, energy storage, battery, fuel cell, power to x, "
        "carbon capture, energy transition",
    ),
    _s(
        "clean-energy.hydrogen",
        "Green hydrogen",
        "绿氢",
        "Electrolysers, hydrogen storage and refuelling for industry, transport and power.",
        "hydrogen, green hydrogen, electrolyser, electrolyzer, pem, alkaline electrolysis, "
        "hydrogen storage, hydrogen refuelling station, hydrogen valley",
    ),
    _s(
        "clean-energy.battery-storage",
        "Battery energy storage",
        "电池储能",
        "Stationary battery systems, battery management and second-life batteries for grids, "
        "buildings and charging sites.",
        "battery storage, energy storage system, bess, lithium ion, battery management "
        "system, second life battery, flow battery, sodium ion, peak shaving",
    ),
    _s(
        "clean-energy.fuel-cells",
        "Fuel cells",
        "燃料电池",
        "Fuel-cell systems that turn hydrogen or biogas into electricity and heat for "
        "vehicles, backup power and buildings.",
        "fuel cell, pem fuel cell, solid oxide fuel cell, sofc, backup power, stack, "
        "fuel cell system",
    ),
    _s(
        "clean-energy.power-to-x",
        "Power-to-X and e-fuels",
        "电转X与电子燃料",
        "Conversion of renewable electricity into methane, methanol, ammonia and other "
        "e-fuels and chemicals.",
        "power to x, power to gas, e-fuels, e-methanol, synthetic methane, ammonia, "
        "methanation, synthetic fuel",
    ),
    _s(
        "clean-energy.carbon-capture",
        "Carbon capture and utilisation",
        "碳捕集与利用",
        "Capture of CO2 from flue gas, biogas or air and its use or storage.",
        "carbon capture, ccs, ccus, co2 capture, direct air capture, co2 utilisation, "
        "biochar, carbon removal",
    ),
    # --- Air-pollution control --------------------------------------------------------
    _s(
        "air-pollution-control",
        "Air-pollution control",
        "大气污染防治",
        "Monitoring and abatement of air pollutants from industry, traffic and buildings.",
        "air pollution, air quality, air emissions, particulate matter, pm2.5, nox, so2, "
        "smog, clean air",
    ),
    _s(
        "air-pollution-control.air-quality-monitoring",
        "Air-quality monitoring",
        "空气质量监测",
        "Sensor networks, stations and forecasting services that measure urban and "
        "industrial air quality.",
        "air quality monitoring, air quality sensor, pm2.5, pm10, no2, ozone, "
        "monitoring station, air quality forecast, emission inventory",
    ),
    _s(
        "air-pollution-control.flue-gas-treatment",
        "Flue-gas and industrial emission treatment",
        "烟气与工业废气治理",
        "Filters, scrubbers and catalytic systems that remove dust, SOx and NOx from "
        "industrial and power-plant flue gas.",
        "flue gas, scrubber, desulphurisation, denitrification, scr, selective catalytic "
        "reduction, bag filter, electrostatic precipitator, dust removal, stack emissions",
    ),
    _s(
        "air-pollution-control.voc-odour",
        "VOC and odour abatement",
        "挥发性有机物与异味治理",
        "Oxidisers, biofilters and adsorption systems that remove volatile organic compounds "
        "and odours.",
        "voc, volatile organic compounds, odour, odor, biofilter, regenerative thermal "
        "oxidiser, rto, activated carbon, adsorption, photocatalysis",
    ),
    _s(
        "air-pollution-control.indoor-air",
        "Indoor air quality",
        "室内空气质量",
        "Filtration, purification and ventilation that keep indoor air healthy in schools, "
        "offices and hospitals.",
        "indoor air quality, air purifier, hepa, filtration, co2 sensor, ventilation, "
        "healthy building, air cleaning",
    ),
    # --- Soil remediation -------------------------------------------------------------
    _s(
        "soil-remediation",
        "Soil remediation",
        "土壤修复",
        "Investigation and clean-up of contaminated soil and groundwater so land can be "
        "reused safely.",
        "soil remediation, contaminated land, contaminated soil, remediation, "
        "soil pollution, heavy metals, site clean-up",
    ),
    _s(
        "soil-remediation.site-investigation",
        "Site investigation and monitoring",
        "场地调查与监测",
        "Sampling, sensing and risk assessment that map contamination in soil and groundwater.",
        "site investigation, soil sampling, risk assessment, contamination mapping, "
        "geophysics, groundwater monitoring, environmental due diligence",
    ),
    _s(
        "soil-remediation.in-situ-remediation",
        "In-situ and thermal remediation",
        "原位与热修复",
        "Treating contamination in place with thermal, chemical oxidation or soil vapour "
        "extraction methods.",
        "in situ remediation, thermal remediation, chemical oxidation, isco, "
        "soil vapour extraction, thermal desorption, chlorinated solvents",
    ),
    _s(
        "soil-remediation.bioremediation",
        "Bioremediation and phytoremediation",
        "生物与植物修复",
        "Microbes and plants that break down or take up pollutants from soil.",
        "bioremediation, phytoremediation, microbial, bacteria, biodegradation, "
        "hydrocarbons, oil contamination",
    ),
    _s(
        "soil-remediation.groundwater",
        "Groundwater remediation",
        "地下水修复",
        "Pump-and-treat, permeable reactive barriers and other treatments of contaminated "
        "groundwater.",
        "groundwater remediation, pump and treat, permeable reactive barrier, pfas, plume, aquifer",
    ),
    _s(
        "soil-remediation.brownfield",
        "Brownfield redevelopment",
        "棕地再开发",
        "Planning and managing the clean-up and reuse of former industrial sites.",
        "brownfield, former industrial site, land reuse, redevelopment, excavation, soil washing",
    ),
    # --- Waste ------------------------------------------------------------------------
    _s(
        "waste",
        "Waste management and recycling",
        "废弃物管理与资源化",
        "Collection, sorting, recycling and energy recovery of municipal, industrial and "
        "construction waste.",
        "waste management, recycling, circular economy, municipal solid waste, "
        "landfill, resource recovery",
    ),
    _s(
        "waste.collection",
        "Smart waste collection",
        "智能垃圾收运",
        "Fill-level sensors, route optimisation and underground or vacuum systems for "
        "waste collection.",
        "waste collection, fill level sensor, smart bin, route optimisation, "
        "underground container, vacuum waste collection, pneumatic waste, "
        "waste logistics",
    ),
    _s(
        "waste.recycling",
        "Sorting and recycling",
        "分拣与回收利用",
        "Sorting plants and processes that recover plastics, metals, textiles, batteries and "
        "electronics as secondary raw materials.",
        "recycling, sorting, optical sorting, plastic recycling, material recovery facility, "
        "mrf, e-waste, battery recycling, textile recycling, secondary raw materials, "
        "circular economy",
    ),
    _s(
        "waste.waste-to-energy",
        "Waste-to-energy",
        "垃圾焚烧发电与能源化",
        "Incineration, gasification and pyrolysis plants that recover energy from residual waste.",
        "waste to energy, incineration, energy from waste, gasification, pyrolysis, "
        "refuse derived fuel, rdf, bottom ash, grate furnace",
    ),
    _s(
        "waste.organic-waste",
        "Organic and food waste",
        "有机与厨余垃圾处理",
        "Composting, anaerobic digestion and insect processing of food and garden waste.",
        "food waste, kitchen waste, organic waste, composting, anaerobic digestion, biowaste, "
        "garden waste, insect farming, digestate",
    ),
    _s(
        "waste.construction-waste",
        "Construction and demolition waste",
        "建筑垃圾资源化",
        "Recovery and reuse of concrete, wood and other materials from construction and "
        "demolition.",
        "construction waste, demolition waste, c&d waste, crushed concrete, "
        "material reuse, selective demolition, recycled aggregate",
    ),
    # --- Clean mobility ---------------------------------------------------------------
    _s(
        "clean-mobility",
        "Clean mobility",
        "清洁交通",
        "Zero-emission vehicles, charging and transport services that cut urban traffic emissions.",
        "clean mobility, electric mobility, e-mobility, sustainable transport, "
        "zero emission, public transport, low emission zone",
    ),
    _s(
        "clean-mobility.ev-charging",
        "EV charging infrastructure",
        "电动汽车充电设施",
        "Chargers, charging software and load management for cars, buses and trucks.",
        "ev charging, charging station, charger, fast charging, charge point, "
        "smart charging, load management, vehicle to grid, v2g, depot charging, ocpp",
    ),
    _s(
        "clean-mobility.electric-vehicles",
        "Electric and hydrogen vehicles",
        "电动与氢能车辆",
        "Electric and fuel-cell buses, trucks, boats and their drivetrains.",
        "electric bus, electric vehicle, ev, electric truck, electric boat, drivetrain, "
        "fuel cell vehicle, hydrogen bus, e-bus, electric ferry, vehicle retrofit",
    ),
    _s(
        "clean-mobility.shared-mobility",
        "Shared mobility and micromobility",
        "共享出行与微出行",
        "Car sharing, bike sharing, e-scooters and mobility-as-a-service platforms.",
        "car sharing, bike sharing, e-scooter, micromobility, mobility as a service, maas, "
        "ride sharing, cargo bike, fleet management",
    ),
    _s(
        "clean-mobility.intelligent-transport",
        "Intelligent transport systems",
        "智能交通系统",
        "Traffic management, signal optimisation, parking guidance and passenger "
        "information that make transport flow cleaner.",
        "intelligent transport system, traffic management, traffic signal, "
        "smart parking, parking guidance, traffic flow, passenger information, "
        "traffic counting, computer vision",
    ),
    _s(
        "clean-mobility.logistics",
        "Clean urban logistics",
        "绿色城市物流",
        "Low-emission last-mile delivery, consolidation centres and electric freight.",
        "last mile delivery, city logistics, urban freight, consolidation centre, "
        "electric delivery van, cargo bike, route planning",
    ),
    # --- Sustainable agriculture and food processing -------------------------------------
    _s(
        "agri-food",
        "Sustainable agriculture and food processing",
        "可持续农业与食品加工",
        "Farming, greenhouse and food-processing technology that saves water, energy and "
        "inputs and cuts food loss.",
        "agriculture, farming, agri-food, food processing, agritech, greenhouse, crop, "
        "farm, food production, dairy",
    ),
    _s(
        "agri-food.precision-agriculture",
        "Precision agriculture and smart irrigation",
        "精准农业与智慧灌溉",
        "Sensors, irrigation control and data that let farmers apply water, fertiliser and "
        "crop protection only where and when needed.",
        "precision agriculture, smart irrigation, drip irrigation, soil moisture, "
        "irrigation scheduling, farm sensor, variable rate, fertigation, crop monitoring",
    ),
    _s(
        "agri-food.controlled-environment",
        "Greenhouses and vertical farming",
        "设施农业与植物工厂",
        "Greenhouses, vertical farms and plant factories with controlled climate, lighting "
        "and hydroponics.",
        "vertical farming, vertical farm, hydroponics, aquaponics, grow light, "
        "plant factory, indoor farming, greenhouse climate control",
    ),
    _s(
        "agri-food.food-processing",
        "Energy- and resource-efficient food processing",
        "食品加工节能与冷链",
        "Refrigeration, heat recovery, cleaning and cold chain for dairies, breweries and "
        "food processors.",
        "food processing, cold chain, cold storage, refrigeration, pasteurisation, dairy, "
        "brewery, food loss, food processor, freezing",
    ),
    # --- Marine and blue economy -----------------------------------------------------------
    _s(
        "blue-economy",
        "Marine and blue economy",
        "海洋与蓝色经济",
        "Clean technology for the sea, coasts and ports: aquaculture, ocean energy, green "
        "shipping and marine monitoring.",
        "blue economy, blue growth, marine, ocean, maritime, coastal, sea, offshore, harbour",
    ),
    _s(
        "blue-economy.aquaculture",
        "Sustainable aquaculture",
        "可持续水产养殖",
        "Recirculating and offshore fish and shellfish farming with low discharges.",
        "aquaculture, fish farming, recirculating aquaculture, ras, shellfish, "
        "seaweed, fish farm, net pen, shrimp",
    ),
    _s(
        "blue-economy.ocean-energy",
        "Ocean energy",
        "海洋能",
        "Tidal, wave and ocean thermal energy converters.",
        "tidal energy, tidal turbine, wave energy, wave energy converter, ocean energy, "
        "marine energy, tidal stream",
    ),
    _s(
        "blue-economy.ports-shipping",
        "Green ports and shipping",
        "绿色港口与航运",
        "Shore power, electric and low-emission vessels, port electrification and clean hulls.",
        "shore power, onshore power supply, cold ironing, green port, port electrification, "
        "electric ship, hull cleaning, antifouling, ship emissions, berth",
    ),
    _s(
        "blue-economy.marine-monitoring",
        "Marine and coastal monitoring",
        "海洋与近岸环境监测",
        "Buoys, sensors and models that watch water quality, algal blooms and coastal change.",
        "marine monitoring, water quality buoy, algal bloom, red tide, dissolved oxygen, "
        "coastal monitoring, ocean sensor, marine sensor",
    ),
    # --- Bio-based materials -----------------------------------------------------------------
    _s(
        "bio-based",
        "Bio-based materials",
        "生物基材料",
        "Materials, chemicals and products made from biomass instead of fossil raw materials.",
        "bio-based, biobased, biomaterial, renewable raw material, bioeconomy, "
        "biodegradable, plant-based",
    ),
    _s(
        "bio-based.bioplastics",
        "Bioplastics and compostable packaging",
        "生物基塑料与可降解包装",
        "Bio-based and compostable plastics, films and packaging.",
        "bioplastic, compostable packaging, biodegradable packaging, pla, pha, "
        "compostable, bio-based plastic, plastic substitute, packaging",
    ),
    _s(
        "bio-based.biorefinery",
        "Biorefineries and bio-based chemicals",
        "生物炼制与生物基化学品",
        "Processes that turn wood, lignin, residues and sugars into chemicals, fuels and resins.",
        "biorefinery, lignin, bio-based chemicals, fermentation, cellulose, "
        "bio-based resin, platform chemical",
    ),
    _s(
        "bio-based.fibre-materials",
        "Natural-fibre and wood-based materials",
        "天然纤维与木基材料",
        "Insulation, boards and composites from hemp, flax, straw and wood fibre.",
        "natural fibre, hemp, flax, straw, wood fibre, hempcrete, fibre insulation, "
        "biocomposite",
    ),
    # --- Circular economy ------------------------------------------------------------------
    _s(
        "circular-economy",
        "Circular economy",
        "循环经济",
        "Keeping products and materials in use: reuse, repair, remanufacturing, sharing and "
        "industrial symbiosis.",
        "circular economy, circularity, reuse, resource efficiency, closed loop, "
        "life extension, circular business model",
    ),
    _s(
        "circular-economy.reuse-repair",
        "Reuse, repair and remanufacturing",
        "再利用、维修与再制造",
        "Refurbishment, repair, remanufacturing and second-hand markets for products and parts.",
        "refurbishment, remanufacturing, repair, reuse, second hand, refurbished, "
        "it asset recovery, spare parts, product life extension",
    ),
    _s(
        "circular-economy.industrial-symbiosis",
        "Industrial symbiosis and circular industrial parks",
        "产业共生与园区循环化改造",
        "Exchanges of by-products, waste heat, water and materials between the companies of "
        "an industrial park.",
        "industrial symbiosis, eco-industrial park, by-product exchange, material flow "
        "analysis, circular industrial park, resource exchange, nutrient recovery, "
        "phosphorus recovery",
    ),
)


@cache
def by_code() -> dict[str, Sector]:
    """All sectors keyed by code (built once; the taxonomy is immutable)."""
    return {s.code: s for s in SECTORS}


def get(code: str) -> Sector:
    """The sector with this code; ``KeyError`` if it does not exist."""
    return by_code()[code]


def parent_of(code: str) -> Sector | None:
    """The parent sector of ``code``, or ``None`` for a top-level sector."""
    parent = by_code()[code].parent_code
    return by_code()[parent] if parent else None


def children_of(code: str) -> tuple[Sector, ...]:
    """Sub-sectors of ``code`` in taxonomy order (empty for a sub-sector)."""
    return tuple(s for s in SECTORS if s.parent_code == code)


def top_level() -> tuple[Sector, ...]:
    """The top-level sectors in taxonomy order."""
    return tuple(s for s in SECTORS if s.parent_code is None)


def top_level_code(code: str) -> str:
    """The top-level ancestor code of ``code`` (itself for a top-level sector)."""
    return code.split(".", 1)[0]


def name(code: str, language: str = "en") -> str:
    """Display name of a sector in English or Simplified Chinese (``zh``/``zh-hans``)."""
    sector = by_code()[code]
    return sector.name_zh if language.lower().startswith("zh") else sector.name_en


def choices(language: str = "en") -> list[tuple[str, str]]:
    """(code, label) pairs for form fields, sub-sectors indented under their parent."""
    return [
        (s.code, name(s.code, language) if s.is_top_level else f"— {name(s.code, language)}")
        for s in SECTORS
    ]


def _check() -> None:
    """Fail at import if the data is inconsistent (cheap, and catches typos in codes)."""
    codes = [s.code for s in SECTORS]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate sector code")
    known = set(codes)
    for s in SECTORS:
        if s.parent_code is not None and s.parent_code not in known:
            raise ValueError(f"unknown parent for {s.code}")


_check()
