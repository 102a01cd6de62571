"""Plain data for the demo: invented companies, buyers, demand projects and missions.

No real company is named. Buyers are invented bodies in real cities, so the demo reads like
the EC2i and Sweden–China programmes it stands in for.
"""

CLUSTERS = [
    # slug, name, country, city, website
    ("green-tech-cluster-austria", "Green Tech Cluster Austria", "AT", "Graz", "https://example.org/gtc"),
    ("tweed-belgium", "TWEED", "BE", "Liège", "https://example.org/tweed"),
    ("clean-denmark", "CLEAN", "DK", "Copenhagen", "https://example.org/clean"),
    ("tenerrdis-france", "Tenerrdis", "FR", "Grenoble", "https://example.org/tenerrdis"),
    ("sustainable-business-hub-sweden", "Sustainable Business Hub", "SE", "Malmö", "https://example.org/sbh"),
    ("smart-city-sweden", "Smart City Sweden", "SE", "Stockholm", "https://example.org/scs"),
]
INVESTORS = [("winnoc", "WINNOC", "SE", "Stockholm", "https://example.org/winnoc")]

SME_COUNTRIES = {
    "AT": (["Graz", "Vienna", "Linz", "Innsbruck", "Salzburg", "Klagenfurt"], "GmbH",
           "green-tech-cluster-austria"),
    "BE": (["Liège", "Namur", "Charleroi", "Mons", "Louvain-la-Neuve", "Wavre"], "SA",
           "tweed-belgium"),
    "DK": (["Copenhagen", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Kolding"], "ApS",
           "clean-denmark"),
    "FR": (["Grenoble", "Lyon", "Chambéry", "Annecy", "Valence", "Saint-Étienne"], "SAS",
           "tenerrdis-france"),
    "SE": (["Malmö", "Stockholm", "Gothenburg", "Uppsala", "Linköping", "Lund"], "AB",
           "sustainable-business-hub-sweden"),
}

NAME_ROOTS = [
    "Aurel", "Borea", "Calor", "Delta", "Ecoval", "Fjord", "Granit", "Helio", "Isar", "Jura",
    "Kvist", "Lumin", "Meridi", "Nordl", "Orbis", "Polar", "Quell", "Rheo", "Silva", "Terra",
    "Umbra", "Vireo", "Weser", "Xylo", "Ystad", "Zephy", "Alpen", "Brise", "Cirrus", "Dune",
    "Ember", "Flux", "Gaia", "Hydra", "Ivra", "Kelvin", "Lago", "Mistral", "Neva", "Oria",
]
NAME_TAILS = [
    "tech", "systems", "energy", "solutions", "labs", "works", "grid", "flow", "therm",
    "cycle", "sense", "power", "aqua", "air", "volt",
]

# Sub-sector code -> offerings: (what they make, technologies, what it achieves).
OFFERINGS: dict[str, list[tuple[str, list[str], str]]] = {
    "smart-city.urban-data-platform": [
        ("an open urban data platform that joins traffic, energy and environmental data",
         ["urban data platform", "open api", "iot", "data analytics"],
         "gives city departments one live view of their infrastructure"),
    ],
    "smart-city.digital-twin": [
        ("3D urban digital twins for planning new districts",
         ["digital twin", "gis", "3d modelling", "urban planning"],
         "lets planners test density, daylight and energy scenarios before building"),
    ],
    "smart-city.smart-lighting": [
        ("adaptive LED street lighting with presence detection",
         ["smart street lighting", "led", "presence sensors", "lora"],
         "cuts street-lighting energy use by up to 70 %"),
    ],
    "smart-city.environmental-sensing": [
        ("low-cost sensor networks for noise, air and flood monitoring",
         ["iot sensors", "lorawan", "environmental monitoring", "edge computing"],
         "turns streets into a dense, calibrated measurement network"),
    ],
    "energy-efficiency.building-energy-management": [
        ("a cloud building energy management system for public buildings",
         ["bems", "building automation", "machine learning", "bacnet"],
         "saves 15–30 % of heating and cooling energy without new hardware"),
        ("retrofit controls that make old radiators and air handlers demand-driven",
         ["smart thermostats", "hvac controls", "wireless sensors"],
         "pays back in less than three heating seasons"),
    ],
    "energy-efficiency.industrial-efficiency": [
        ("energy audits and monitoring for factories and industrial parks",
         ["energy monitoring", "compressed air", "variable speed drives", "iso 50001"],
         "finds and verifies savings in motors, steam and compressed air"),
    ],
    "energy-efficiency.heat-pumps": [
        ("large heat pumps for district heating and industrial heat",
         ["large heat pumps", "natural refrigerants", "co2 heat pump", "ammonia"],
         "delivers heat at up to 90 °C from waste heat and sewage water"),
        ("ground-source heat pump systems for residential and office buildings",
         ["ground source heat pump", "borehole", "geothermal heat"],
         "replaces coal and gas boilers in new and existing buildings"),
    ],
    "energy-efficiency.waste-heat-recovery": [
        ("waste-heat recovery units for data centres and process industry",
         ["waste heat recovery", "heat exchangers", "orc"],
         "turns low-grade heat into district heat or electricity"),
    ],
    "renewable-energy.solar-pv": [
        ("building-integrated photovoltaic facades and roofs",
         ["bipv", "solar pv", "solar facade", "thin film"],
         "makes every facade a power plant without compromising architecture"),
        ("monitoring and cleaning robots for large solar parks",
         ["solar pv", "o&m", "drones", "robotics"],
         "raises the yield of utility-scale plants by 3–5 %"),
    ],
    "renewable-energy.solar-thermal": [
        ("large solar thermal collector fields for district heating",
         ["solar thermal", "flat plate collectors", "seasonal storage"],
         "covers up to 20 % of a town's heat demand with sunshine"),
    ],
    "renewable-energy.wind": [
        ("condition monitoring for wind turbines and small urban wind",
         ["wind power", "condition monitoring", "vibration analysis", "scada"],
         "predicts gearbox and blade failures weeks ahead"),
    ],
    "renewable-energy.bioenergy": [
        ("biogas plants that upgrade biogas to biomethane",
         ["biogas", "anaerobic digestion", "biomethane upgrading", "membranes"],
         "turns manure, sludge and food waste into vehicle fuel"),
    ],
    "renewable-energy.geothermal": [
        ("shallow and deep geothermal drilling and design",
         ["geothermal", "borehole thermal energy storage", "drilling"],
         "provides base-load heat with no combustion"),
    ],
    "green-buildings.passive-house": [
        ("passive-house design and prefabricated envelope elements",
         ["passive house", "nearly zero energy building", "airtightness", "prefabrication"],
         "cuts heating demand of new buildings below 15 kWh/m² a year"),
    ],
    "green-buildings.green-materials": [
        ("low-carbon insulation made from recycled and bio-based materials",
         ["bio-based insulation", "recycled materials", "hempcrete", "life cycle assessment"],
         "stores carbon in the building instead of emitting it"),
    ],
    "green-buildings.timber-construction": [
        ("cross-laminated timber modules for mid-rise buildings",
         ["cross-laminated timber", "modular construction", "bim"],
         "builds six storeys in weeks with a fraction of concrete's carbon"),
    ],
    "green-buildings.deep-retrofit": [
        ("industrialised deep renovation kits for apartment blocks",
         ["deep retrofit", "facade renovation", "prefabricated panels", "bim"],
         "renovates a building in days while residents stay at home"),
    ],
    "green-buildings.certification-consulting": [
        ("green building certification and energy simulation services",
         ["leed", "breeam", "energy simulation", "china three star"],
         "guides developers to LEED, BREEAM or China Three Star ratings"),
    ],
    "district-heating.heat-networks": [
        ("pre-insulated flexible pipes for low-temperature heat networks",
         ["pre-insulated pipes", "district heating", "4th generation district heating"],
         "halves heat losses compared with conventional steel networks"),
    ],
    "district-heating.district-cooling": [
        ("district cooling with seawater and absorption chillers",
         ["district cooling", "absorption chillers", "seawater cooling"],
         "cools business districts with a third of the electricity of split units"),
    ],
    "district-heating.network-optimisation": [
        ("AI-based forecasting and control software for heat networks",
         ["district heating", "demand forecasting", "machine learning", "scada"],
         "lowers supply temperatures and peak boiler use"),
    ],
    "district-heating.thermal-storage": [
        ("large thermal storage tanks and pit storage",
         ["thermal energy storage", "pit storage", "seasonal storage"],
         "lets heat plants run on cheap and renewable hours"),
    ],
    "energy-generation.chp": [
        ("small biomass combined heat and power units",
         ["chp", "biomass", "gasification", "cogeneration"],
         "gives towns firm renewable power and heat"),
    ],
    "energy-generation.smart-grid": [
        ("grid-edge software that balances distributed energy resources",
         ["smart grid", "demand response", "virtual power plant", "flexibility"],
         "unlocks flexibility from buildings, batteries and EVs"),
    ],
    "energy-generation.microgrids": [
        ("containerised microgrids for campuses, ports and islands",
         ["microgrid", "energy management system", "solar pv", "battery storage"],
         "keeps critical sites running on local renewables"),
    ],
    "energy-generation.power-electronics": [
        ("silicon-carbide power converters for renewables and storage",
         ["power electronics", "silicon carbide", "inverters"],
         "raises conversion efficiency above 99 %"),
    ],
    "water-treatment.wastewater": [
        ("compact membrane bioreactors for municipal wastewater",
         ["membrane bioreactor", "wastewater treatment", "nutrient removal"],
         "meets the strictest discharge limits on a small footprint"),
        ("sludge drying and phosphorus recovery",
         ["sludge treatment", "phosphorus recovery", "struvite"],
         "turns sewage sludge into fertiliser and energy"),
    ],
    "water-treatment.drinking-water": [
        ("UV and ozone disinfection for drinking water",
         ["uv disinfection", "ozone", "drinking water", "micropollutants"],
         "removes pathogens and micropollutants without chlorine by-products"),
    ],
    "water-treatment.water-reuse": [
        ("water reuse plants that make industrial effluent fit for process use",
         ["water reuse", "reverse osmosis", "zero liquid discharge"],
         "cuts fresh water intake of industrial parks by half"),
    ],
    "water-treatment.smart-water": [
        ("acoustic leak detection and pressure management for water networks",
         ["leak detection", "smart water meters", "pressure management", "acoustic sensors"],
         "reduces non-revenue water by 20–40 %"),
    ],
    "water-treatment.stormwater": [
        ("sponge-city solutions: permeable paving, bioswales and retention",
         ["sponge city", "stormwater management", "permeable paving", "green roofs"],
         "keeps streets dry in cloudbursts and recharges groundwater"),
    ],
    "clean-energy.hydrogen": [
        ("PEM electrolysers for green hydrogen production",
         ["green hydrogen", "pem electrolyser", "hydrogen refuelling"],
         "produces hydrogen from wind and solar for industry and buses"),
    ],
    "clean-energy.battery-storage": [
        ("second-life battery storage systems for buildings and grids",
         ["battery storage", "second-life batteries", "lithium-ion", "bms"],
         "gives retired EV batteries ten more years of service"),
    ],
    "clean-energy.fuel-cells": [
        ("solid-oxide fuel cell systems for combined heat and power",
         ["fuel cells", "sofc", "chp", "hydrogen"],
         "delivers efficient, quiet power from hydrogen or biogas"),
    ],
    "clean-energy.power-to-x": [
        ("power-to-methanol units that turn CO2 and hydrogen into fuel",
         ["power-to-x", "e-methanol", "co2 utilisation", "catalysis"],
         "turns surplus renewables into storable fuels"),
    ],
    "clean-energy.carbon-capture": [
        ("modular carbon capture for cement and waste-to-energy plants",
         ["carbon capture", "amine scrubbing", "ccus"],
         "captures over 90 % of CO2 from flue gas"),
    ],
    "air-pollution-control.air-quality-monitoring": [
        ("certified air-quality monitoring stations and city dashboards",
         ["air quality monitoring", "pm2.5", "no2 sensors", "dashboards"],
         "shows citizens and officials where pollution comes from, street by street"),
    ],
    "air-pollution-control.flue-gas-treatment": [
        ("flue-gas cleaning: SCR denitrification and dust filters",
         ["flue gas treatment", "scr", "desulphurisation", "bag filters"],
         "brings boilers and incinerators under ultra-low emission limits"),
    ],
    "air-pollution-control.voc-odour": [
        ("regenerative thermal oxidisers and biofilters for VOC and odour",
         ["voc abatement", "regenerative thermal oxidiser", "biofilter", "odour control"],
         "removes solvents and odours from industrial exhaust"),
    ],
    "air-pollution-control.indoor-air": [
        ("demand-controlled ventilation and air purification for schools",
         ["indoor air quality", "co2 sensors", "ventilation", "hepa filtration"],
         "keeps classrooms healthy while saving ventilation energy"),
    ],
    "soil-remediation.site-investigation": [
        ("rapid site investigation with direct-push sensors",
         ["site investigation", "direct push", "soil sampling", "mip"],
         "maps contamination in days instead of months"),
    ],
    "soil-remediation.in-situ-remediation": [
        ("in-situ thermal remediation of chlorinated solvents",
         ["in-situ thermal remediation", "chlorinated solvents", "soil vapour extraction"],
         "cleans soil under buildings without excavation"),
    ],
    "soil-remediation.bioremediation": [
        ("bioremediation and phytoremediation of hydrocarbons and metals",
         ["bioremediation", "phytoremediation", "heavy metals"],
         "restores contaminated land with microbes and plants"),
    ],
    "soil-remediation.groundwater": [
        ("groundwater treatment with permeable reactive barriers",
         ["groundwater remediation", "permeable reactive barrier", "pump and treat"],
         "stops contaminant plumes before they reach drinking water"),
    ],
    "soil-remediation.brownfield": [
        ("brownfield redevelopment planning and risk assessment",
         ["brownfield redevelopment", "risk assessment", "land reuse"],
         "makes old industrial land ready for housing and parks"),
    ],
    "waste.collection": [
        ("fill-level sensors and route optimisation for waste collection",
         ["smart waste collection", "fill level sensors", "route optimisation"],
         "cuts collection trips by a third"),
        ("underground vacuum waste collection systems",
         ["pneumatic waste collection", "underground containers"],
         "removes bins and trucks from dense neighbourhoods"),
    ],
    "waste.recycling": [
        ("AI-guided optical sorting for plastics and packaging",
         ["optical sorting", "near infrared", "plastics recycling", "machine vision"],
         "recovers high-purity polymer streams from mixed waste"),
    ],
    "waste.waste-to-energy": [
        ("grate and gasification waste-to-energy plants",
         ["waste-to-energy", "gasification", "energy from waste", "flue gas treatment"],
         "turns residual waste into electricity and district heat"),
    ],
    "waste.organic-waste": [
        ("food-waste pre-treatment and composting systems",
         ["food waste", "composting", "anaerobic digestion", "depackaging"],
         "keeps organics out of landfill and produces biogas and compost"),
    ],
    "waste.construction-waste": [
        ("mobile crushing and sorting of construction and demolition waste",
         ["construction waste recycling", "recycled aggregates", "demolition"],
         "turns demolition rubble into certified building aggregates"),
    ],
    "clean-mobility.ev-charging": [
        ("smart EV charging hubs with load management",
         ["ev charging", "load management", "ocpp", "fast charging"],
         "adds chargers without costly grid upgrades"),
    ],
    "clean-mobility.electric-vehicles": [
        ("electric drivetrains for buses and municipal vehicles",
         ["electric bus", "electric drivetrain", "battery electric vehicles"],
         "electrifies city fleets with proven components"),
    ],
    "clean-mobility.shared-mobility": [
        ("bike- and scooter-sharing platforms for cities",
         ["shared mobility", "bike sharing", "micromobility", "maas"],
         "links last-mile trips to public transport"),
    ],
    "clean-mobility.intelligent-transport": [
        ("adaptive traffic signal control and transit priority",
         ["intelligent transport systems", "traffic signal control", "v2x"],
         "cuts waiting at junctions and gives buses green waves"),
    ],
    "clean-mobility.logistics": [
        ("urban consolidation centres and electric cargo bikes",
         ["city logistics", "cargo bikes", "last mile delivery"],
         "takes vans out of city centres"),
    ],
}

CUSTOMERS = [
    "municipalities and utilities", "real-estate developers", "industrial parks",
    "water utilities", "district heating companies", "port authorities",
    "city planning departments", "transport operators",
]
STRENGTHS = [
    "Our team of engineers has worked on projects in more than ten countries.",
    "We combine our own hardware with software we develop in-house.",
    "Our solution has been validated with two university partners.",
    "We offer turnkey delivery with long-term service contracts.",
    "We work with local partners for installation and maintenance.",
    "Our products are designed for harsh climates and dense cities.",
]
CERTIFICATION_POOL = ["CE", "ISO 14001", "ISO 9001", "China CCC", "UL", "ISO 50001"]
REFERENCE_PLACES = [
    "Graz", "Vienna", "Liège", "Brussels", "Aarhus", "Copenhagen", "Lyon", "Grenoble",
    "Malmö", "Stockholm", "Hamburg", "Rotterdam", "Helsinki", "Oslo", "Tallinn",
]

# Buyers: slug, name, kind, country, city.
BUYERS = [
    ("jiangbei-new-area-planning", "Nanjing Jiangbei New Area Planning Bureau", "CN", "Nanjing"),
    ("jiangbei-utilities", "Jiangbei New Area Municipal Utilities", "CN", "Nanjing"),
    ("jiangbei-green-development", "Jiangbei Green Development Company", "CN", "Nanjing"),
    ("shenzhen-eco-city-office", "Shenzhen Eco-City Development Office", "CN", "Shenzhen"),
    ("chengdu-environment-group", "Chengdu Urban Environment Group", "CN", "Chengdu"),
    ("tianjin-binhai-energy", "Tianjin Binhai Energy Services", "CN", "Tianjin"),
    ("nyc-resilience-office", "New York Urban Resilience Office", "US", "New York"),
    ("boston-clean-energy-authority", "Greater Boston Clean Energy Authority", "US", "Boston"),
    ("sf-public-utilities-lab", "San Francisco Bay Utilities Innovation Lab", "US", "San Francisco"),
    ("chicago-sustainable-developers", "Chicago Sustainable Developers Alliance", "US", "Chicago"),
]

# Demand projects: buyer slug, title, sub-sectors, technologies, min TRL, certifications,
# budget band, stage, timeline, description (en), description (zh) or "".
DEMANDS = [
    ("jiangbei-new-area-planning", "Sponge-city retrofit of the Jiangbei riverside district",
     ["water-treatment.stormwater"], ["sponge city", "permeable paving", "green roofs"], 7, [],
     "1m-10m", "planning", "2027–2029",
     "Jiangbei New Area will retrofit 12 km² of riverside streets and parks to absorb and reuse "
     "70 % of annual rainfall. We look for permeable paving, bioswales, rain gardens and "
     "real-time stormwater monitoring proven in European cities.",
     "江北新区将对滨江片区12平方公里的街道和公园进行海绵城市改造，目标是年径流总量控制率达到70%。"
     "我们寻找在欧洲城市验证过的透水铺装、生态草沟、雨水花园和雨水实时监测方案。"),
    ("jiangbei-new-area-planning", "Digital twin for the Jiangbei central business district",
     ["smart-city.digital-twin", "smart-city.urban-data-platform"],
     ["digital twin", "gis", "bim", "urban data platform"], 6, [], "1m-10m", "tender", "2027",
     "A city information model of the new CBD joining BIM, GIS and live sensor data, used to "
     "plan energy, traffic and green space and to monitor buildings in operation.",
     "建设江北新区中央商务区的城市信息模型（CIM），融合BIM、GIS和实时传感数据，用于能源、交通和绿地规划以及建筑运行监测。"),
    ("jiangbei-new-area-planning", "Nearly zero-energy demonstration school",
     ["green-buildings.passive-house", "air-pollution-control.indoor-air"],
     ["passive house", "ventilation", "co2 sensors"], 8, ["CE"], "1m-10m", "pilot", "2027–2028",
     "A new 36-class primary school built to passive-house standard with heat recovery "
     "ventilation and excellent indoor air quality, as a model for the whole district.",
     "按被动房标准新建一所36个班的小学，配备热回收新风系统，室内空气质量优良，作为全区示范。"),
    ("jiangbei-utilities", "Leak reduction in the Jiangbei drinking-water network",
     ["water-treatment.smart-water"], ["leak detection", "smart water meters", "pressure management"],
     7, ["ISO 9001"], "1m-10m", "tender", "2027",
     "Non-revenue water in the older parts of the network is above 25 %. We seek acoustic leak "
     "detection, district metering and pressure management with local service partners.",
     "老城区管网漏损率超过25%。我们寻求声学检漏、分区计量和压力管理方案，并需要本地服务伙伴。"),
    ("jiangbei-utilities", "Low-temperature district heating for the new science park",
     ["district-heating.heat-networks", "energy-efficiency.heat-pumps"],
     ["4th generation district heating", "large heat pumps", "pre-insulated pipes"], 7, [],
     ">10m", "planning", "2028–2030",
     "A 4th-generation heat network for 2 million m² of labs and offices, supplied by large heat "
     "pumps using river water and data-centre waste heat.",
     "为200万平方米的实验室和办公楼建设第四代低温区域供热管网，热源为利用江水和数据中心余热的大型热泵。"),
    ("jiangbei-utilities", "Sludge treatment and phosphorus recovery",
     ["water-treatment.wastewater"], ["sludge treatment", "phosphorus recovery"], 7, ["CE"],
     "1m-10m", "exploring", "2028",
     "The Jiangbei wastewater plants produce 300 tonnes of sludge a day. We want drying, energy "
     "recovery and phosphorus recovery instead of landfill.", ""),
    ("jiangbei-green-development", "Joint venture for green hydrogen buses",
     ["clean-energy.hydrogen", "clean-mobility.electric-vehicles"],
     ["green hydrogen", "hydrogen refuelling", "electric bus"], 7, [], ">10m", "investment",
     "2027–2031",
     "With WINNOC we seek a European partner for a joint venture producing green hydrogen and "
     "operating a refuelling station for 100 fuel-cell buses.",
     "我们与WINNOC合作，寻求欧洲伙伴成立合资企业，生产绿色氢能并为100辆燃料电池公交车运营加氢站。"),
    ("jiangbei-green-development", "Smart waste collection pilot in three neighbourhoods",
     ["waste.collection", "waste.organic-waste"], ["smart waste collection", "food waste"], 6, [],
     "100k-1m", "pilot", "2027",
     "A one-year pilot of sensor-equipped bins, route optimisation and separate food-waste "
     "collection for 60,000 residents.", "在三个社区为6万居民开展为期一年的智能垃圾收运和厨余垃圾分类试点。"),
    ("shenzhen-eco-city-office", "EV charging hubs for logistics fleets",
     ["clean-mobility.ev-charging", "clean-energy.battery-storage"],
     ["ev charging", "load management", "battery storage"], 8, ["China CCC"], "1m-10m", "tender",
     "2027", "Charging hubs for 2,000 electric delivery vans with load management and on-site "
     "storage to avoid grid reinforcement.", "为2000辆电动物流车建设充电枢纽，配备负荷管理和储能以避免电网扩容。"),
    ("shenzhen-eco-city-office", "Air-quality monitoring network",
     ["air-pollution-control.air-quality-monitoring"], ["air quality monitoring", "pm2.5", "no2 sensors"],
     7, ["CE"], "100k-1m", "tender", "2027",
     "300 calibrated street-level sensors for PM2.5, NO2 and ozone feeding an open dashboard.", ""),
    ("shenzhen-eco-city-office", "District cooling for the Qianhai waterfront",
     ["district-heating.district-cooling", "district-heating.thermal-storage"],
     ["district cooling", "thermal energy storage", "seawater cooling"], 8, [], ">10m", "planning",
     "2028–2030", "Seawater district cooling with ice storage for a new waterfront business "
     "district.", "为新建滨海商务区建设海水源区域供冷系统并配套冰蓄冷。"),
    ("chengdu-environment-group", "Remediation of a former chemical plant site",
     ["soil-remediation.in-situ-remediation", "soil-remediation.groundwater",
      "soil-remediation.brownfield"], ["in-situ thermal remediation", "groundwater remediation"],
     7, [], "1m-10m", "tender", "2027–2028",
     "A 40-hectare former chemical site contaminated with chlorinated solvents will become a "
     "park and housing. Soil and groundwater must be cleaned in situ.",
     "一处40公顷的原化工厂地块受到氯代溶剂污染，将改造为公园和住宅，需要对土壤和地下水进行原位修复。"),
    ("chengdu-environment-group", "Waste-to-energy plant flue-gas upgrade",
     ["air-pollution-control.flue-gas-treatment", "waste.waste-to-energy"],
     ["flue gas treatment", "scr", "bag filters"], 8, ["ISO 14001"], ">10m", "tender", "2027",
     "Upgrade of flue-gas treatment at a 3,000 t/day waste-to-energy plant to ultra-low "
     "emission limits.", ""),
    ("chengdu-environment-group", "Construction waste recycling centre",
     ["waste.construction-waste"], ["construction waste recycling", "recycled aggregates"], 8, [],
     "1m-10m", "planning", "2028",
     "A recycling centre for 1 million tonnes a year of demolition waste producing certified "
     "aggregates.", "建设年处理能力100万吨的建筑垃圾资源化利用中心，生产合格再生骨料。"),
    ("tianjin-binhai-energy", "Industrial park energy efficiency programme",
     ["energy-efficiency.industrial-efficiency", "energy-efficiency.waste-heat-recovery"],
     ["energy monitoring", "waste heat recovery", "iso 50001"], 7, ["ISO 50001"], "1m-10m",
     "exploring", "2027–2029",
     "Energy audits, monitoring and waste-heat recovery for 80 factories in the Binhai "
     "industrial park.", ""),
    ("tianjin-binhai-energy", "Port microgrid with solar and storage",
     ["energy-generation.microgrids", "renewable-energy.solar-pv", "clean-energy.battery-storage"],
     ["microgrid", "solar pv", "battery storage"], 8, ["China CCC"], ">10m", "pilot", "2028",
     "A microgrid for the container terminal with 20 MW rooftop solar, storage and shore power.",
     "为集装箱码头建设微电网，包括20兆瓦屋顶光伏、储能和岸电。"),
    ("tianjin-binhai-energy", "Carbon capture at a cement plant",
     ["clean-energy.carbon-capture"], ["carbon capture", "ccus"], 6, [], ">10m", "exploring", "2029",
     "Feasibility and pilot of capturing CO2 from a cement kiln for use in greenhouses and "
     "building materials.", ""),
    ("nyc-resilience-office", "Cloudburst resilience for public housing campuses",
     ["water-treatment.stormwater"], ["stormwater management", "green roofs", "permeable paving"],
     7, [], "1m-10m", "tender", "2027",
     "Green infrastructure that retains cloudburst rain on public housing campuses in Queens "
     "and Brooklyn, with monitoring of performance.", ""),
    ("nyc-resilience-office", "Building energy retrofits for Local Law 97",
     ["green-buildings.deep-retrofit", "energy-efficiency.building-energy-management"],
     ["deep retrofit", "bems", "heat pumps"], 8, ["UL"], ">10m", "pilot", "2027–2030",
     "Affordable housing owners must cut emissions under Local Law 97. We seek industrialised "
     "retrofit packages and controls that work while tenants stay in place.", ""),
    ("nyc-resilience-office", "Underground vacuum waste collection study",
     ["waste.collection"], ["pneumatic waste collection"], 8, [], "100k-1m", "exploring", "2028",
     "A feasibility study for pneumatic waste collection in a new mixed-use neighbourhood.", ""),
    ("boston-clean-energy-authority", "Networked geothermal for neighbourhoods",
     ["renewable-energy.geothermal", "district-heating.heat-networks", "energy-efficiency.heat-pumps"],
     ["geothermal", "ground source heat pump", "district heating"], 7, ["UL"], ">10m", "pilot",
     "2027–2029", "Shared ground loops connecting 200 homes and businesses, replacing gas "
     "heating with networked geothermal heat pumps.", ""),
    ("boston-clean-energy-authority", "Offshore wind port logistics",
     ["renewable-energy.wind"], ["wind power", "condition monitoring"], 8, [], ">10m", "planning",
     "2028", "Operations and maintenance services and monitoring for offshore wind farms "
     "served from the port.", ""),
    ("boston-clean-energy-authority", "School indoor air and ventilation upgrade",
     ["air-pollution-control.indoor-air", "energy-efficiency.building-energy-management"],
     ["indoor air quality", "ventilation", "co2 sensors"], 8, ["UL"], "1m-10m", "tender", "2027",
     "Demand-controlled ventilation and air monitoring in 40 public schools.", ""),
    ("sf-public-utilities-lab", "Recycled water for industrial users",
     ["water-treatment.water-reuse"], ["water reuse", "reverse osmosis"], 7, [], ">10m", "planning",
     "2028–2030", "Advanced treatment producing recycled water for data centres and industry.", ""),
    ("sf-public-utilities-lab", "Virtual power plant from buildings and batteries",
     ["energy-generation.smart-grid", "clean-energy.battery-storage"],
     ["virtual power plant", "demand response", "battery storage"], 7, ["UL"], "1m-10m", "pilot",
     "2027", "Aggregating flexibility from municipal buildings, batteries and EV chargers.", ""),
    ("sf-public-utilities-lab", "Biogas upgrading at the wastewater plant",
     ["renewable-energy.bioenergy", "water-treatment.wastewater"],
     ["biogas", "biomethane upgrading"], 8, ["UL"], "1m-10m", "tender", "2028",
     "Upgrading digester biogas to pipeline-quality renewable natural gas.", ""),
    ("chicago-sustainable-developers", "Mass-timber mid-rise housing",
     ["green-buildings.timber-construction", "green-buildings.green-materials"],
     ["cross-laminated timber", "modular construction"], 8, [], ">10m", "planning", "2027–2029",
     "Developers plan 1,500 homes in mass timber and seek CLT suppliers and modular builders.", ""),
    ("chicago-sustainable-developers", "Brownfield redevelopment along the river",
     ["soil-remediation.brownfield", "soil-remediation.site-investigation"],
     ["site investigation", "brownfield redevelopment"], 7, [], "1m-10m", "exploring", "2027",
     "Investigation and remediation planning for former rail yards before housing.", ""),
    ("chicago-sustainable-developers", "Cargo-bike logistics hub downtown",
     ["clean-mobility.logistics"], ["city logistics", "cargo bikes"], 7, [], "100k-1m", "pilot",
     "2027", "A consolidation centre and cargo-bike fleet for downtown deliveries.", ""),
    ("chicago-sustainable-developers", "Smart street lighting for new districts",
     ["smart-city.smart-lighting", "smart-city.environmental-sensing"],
     ["smart street lighting", "iot sensors"], 8, ["UL"], "1m-10m", "tender", "2027",
     "Adaptive LED lighting with sensors for traffic, noise and air in new developments.", ""),
    ("shenzhen-eco-city-office", "Optical sorting for municipal recycling",
     ["waste.recycling"], ["optical sorting", "plastics recycling"], 8, ["CE"], "1m-10m", "tender",
     "2028", "Automated sorting lines for packaging waste from 4 million residents.",
     "为400万居民的包装废弃物建设自动分拣线。"),
    ("jiangbei-new-area-planning", "Adaptive traffic signals on the Jiangbei ring road",
     ["clean-mobility.intelligent-transport"], ["traffic signal control", "v2x"], 7, [], "1m-10m",
     "tender", "2027", "Adaptive signal control and bus priority at 120 junctions.",
     "在120个路口实施自适应信号控制和公交优先。"),
]

# Missions: slug, title, market, host city, time zone, start (ISO), days, buyer slugs.
MISSIONS = [
    ("ec2i-nanjing-2027", "EC2i mission to Nanjing Jiangbei New Area", "china", "Nanjing",
     "Asia/Shanghai", "2027-04-13", 2,
     ["jiangbei-new-area-planning", "jiangbei-utilities", "jiangbei-green-development"]),
    ("ec2i-shenzhen-chengdu-2027", "EC2i mission to Shenzhen and Chengdu", "china", "Shenzhen",
     "Asia/Shanghai", "2027-10-19", 2, ["shenzhen-eco-city-office", "chengdu-environment-group"]),
    ("ec2i-new-york-boston-2027", "EC2i mission to New York and Boston", "usa", "New York",
     "America/New_York", "2027-03-09", 2, ["nyc-resilience-office", "boston-clean-energy-authority"]),
    ("ec2i-chicago-bay-area-2027", "EC2i mission to Chicago", "usa", "Chicago",
     "America/Chicago", "2027-09-14", 1, ["chicago-sustainable-developers", "sf-public-utilities-lab"]),
]
