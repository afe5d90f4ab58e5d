package demo

import "strings"

// topic is a research theme a generated project is about, named in the
// four languages so that titles can be written in the applicant's language
// as well as English. area names the priority area the topic serves when
// its discipline belongs to several; hosts are the academy's institutes
// that work on it ("ror:<id>" or an institution name).
type topic struct {
	code, area     string
	en, es, pt, zh string
	hosts          []string
}

const (
	hSCBG   = "ror:01xqdxh54"
	hSINAP  = "ror:02w6gr951"
	hNAOC   = "ror:058pyyv44"
	hNSSC   = "ror:02nnjtm50"
	hIB     = "Institute of Botany, CAS"
	hKIB    = "Kunming Institute of Botany, CAS"
	hXTBG   = "Xishuangbanna Tropical Botanical Garden, CAS"
	hIOZ    = "Institute of Zoology, CAS"
	hIAP    = "Institute of Atmospheric Physics, CAS"
	hIGG    = "Institute of Geology and Geophysics, CAS"
	hPMO    = "Purple Mountain Observatory, CAS"
	hIGSNRR = "Institute of Geographic Sciences and Natural Resources Research, CAS"
	hISA    = "Institute of Subtropical Agriculture, CAS"
	hRCEES  = "Research Center for Eco-Environmental Sciences, CAS"
	hDICP   = "Dalian Institute of Chemical Physics, CAS"
	hSIMM   = "Shanghai Institute of Materia Medica, CAS"
	hICT    = "Institute of Computing Technology, CAS"
	hISD    = "Institutes of Science and Development, CAS"
)

var topics = []topic{
	{"1.6", "biodiversity", "molecular systematics of Andean plants", "sistemática molecular de plantas andinas", "sistemática molecular de plantas andinas", "安第斯植物分子系统学", []string{hSCBG, hKIB, hIB}},
	{"1.6", "biodiversity", "DNA barcoding of Amazonian trees", "códigos de barras de ADN de árboles amazónicos", "código de barras de DNA de árvores amazônicas", "亚马孙树木DNA条形码", []string{hSCBG, hXTBG, hIB}},
	{"1.6", "biodiversity", "screening of useful plant resources", "prospección de recursos vegetales útiles", "prospecção de recursos vegetais úteis", "有用植物资源筛选", []string{hSCBG, hKIB}},
	{"1.6", "biodiversity", "conservation genomics of endemic vertebrates", "genómica de la conservación de vertebrados endémicos", "genômica da conservação de vertebrados endêmicos", "特有脊椎动物保护基因组学", []string{hIOZ}},
	{"1.6", "biodiversity", "pollinators and tropical forest dynamics", "polinizadores y dinámica del bosque tropical", "polinizadores e dinâmica da floresta tropical", "传粉者与热带森林动态", []string{hXTBG, hIOZ}},
	{"1.5", "space-atmosphere", "ionospheric monitoring over South America", "monitoreo ionosférico sobre Sudamérica", "monitoramento ionosférico sobre a América do Sul", "南美洲上空电离层监测", []string{hNSSC, hIGG}},
	{"1.5", "space-atmosphere", "space weather and the South Atlantic Anomaly", "clima espacial y la Anomalía del Atlántico Sur", "clima espacial e a Anomalia do Atlântico Sul", "空间天气与南大西洋异常区", []string{hNSSC}},
	{"1.5", "space-atmosphere", "middle and upper atmosphere dynamics", "dinámica de la atmósfera media y alta", "dinâmica da média e alta atmosfera", "中高层大气动力学", []string{hIAP, hNSSC}},
	{"1.5", "biodiversity", "carbon and water cycles of the Amazon rainforest", "ciclos del carbono y del agua en la selva amazónica", "ciclos do carbono e da água na floresta amazônica", "亚马孙雨林碳水循环", []string{hIGSNRR, hSCBG}},
	{"1.5", "energy-environment", "Andean glaciers and climate change", "glaciares andinos y cambio climático", "geleiras andinas e mudanças climáticas", "安第斯冰川与气候变化", []string{hIGSNRR, hIAP}},
	{"1.3", "space-atmosphere", "large-telescope observations of the southern sky", "observaciones del cielo austral con grandes telescopios", "observações do céu austral com grandes telescópios", "南天大型望远镜观测", []string{hNAOC, hPMO}},
	{"1.3", "space-atmosphere", "radio astronomy instrumentation", "instrumentación para radioastronomía", "instrumentação para radioastronomia", "射电天文仪器", []string{hNAOC}},
	{"1.3", "space-atmosphere", "exoplanet and stellar population surveys", "sondeos de exoplanetas y poblaciones estelares", "levantamentos de exoplanetas e populações estelares", "系外行星与恒星族巡天", []string{hNAOC, hPMO}},
	{"1.3", "space-atmosphere", "space debris and near-Earth object tracking", "seguimiento de basura espacial y objetos cercanos a la Tierra", "rastreamento de detritos espaciais e objetos próximos da Terra", "空间碎片与近地天体监测", []string{hPMO, hNSSC}},
	{"1.3", "", "accelerator physics for synchrotron light sources", "física de aceleradores para fuentes de luz sincrotrón", "física de aceleradores para fontes de luz síncrotron", "同步辐射光源加速器物理", []string{hSINAP}},
	{"2.7", "energy-environment", "wastewater treatment in mining regions", "tratamiento de aguas residuales en regiones mineras", "tratamento de águas residuais em regiões de mineração", "矿区废水处理", []string{hRCEES}},
	{"2.7", "energy-environment", "air quality in Latin American megacities", "calidad del aire en megaciudades latinoamericanas", "qualidade do ar em megacidades latino-americanas", "拉美特大城市空气质量", []string{hRCEES, hIAP}},
	{"2.4", "energy-environment", "catalysts for biofuel production", "catalizadores para la producción de biocombustibles", "catalisadores para a produção de biocombustíveis", "生物燃料生产催化剂", []string{hDICP}},
	{"2.4", "energy-environment", "lithium extraction from salt-flat brines", "extracción de litio de salmueras de salares", "extração de lítio de salmouras de salares", "盐湖卤水提锂", []string{hDICP}},
	{"2.8", "energy-environment", "bioremediation of contaminated soils", "biorremediación de suelos contaminados", "biorremediação de solos contaminados", "污染土壤生物修复", []string{hRCEES}},
	{"2.5", "", "lithium-ion battery materials", "materiales para baterías de ion de litio", "materiais para baterias de íon-lítio", "锂离子电池材料", []string{hDICP}},
	{"2.2", "", "smart grids for renewable power", "redes inteligentes para energías renovables", "redes inteligentes para energias renováveis", "面向可再生能源的智能电网", []string{hICT, hDICP}},
	{"4.1", "ecological-agriculture", "ecological agriculture in semi-arid regions", "agricultura ecológica en regiones semiáridas", "agricultura ecológica em regiões semiáridas", "半干旱地区生态农业", []string{hISA, hIGSNRR}},
	{"4.1", "ecological-agriculture", "soybean and maize resilience to drought", "resiliencia de la soja y el maíz a la sequía", "resiliência da soja e do milho à seca", "大豆与玉米抗旱性", []string{hISA}},
	{"4.1", "biodiversity", "sustainable management of tropical forests", "manejo sostenible de bosques tropicales", "manejo sustentável de florestas tropicais", "热带森林可持续经营", []string{hXTBG, hIGSNRR}},
	{"4.4", "ecological-agriculture", "molecular breeding of tropical crops", "mejoramiento molecular de cultivos tropicales", "melhoramento molecular de culturas tropicais", "热带作物分子育种", []string{hISA, hSCBG}},
	{"4.5", "ecological-agriculture", "agroforestry for smallholder farms", "agroforestería para pequeños productores", "agrofloresta para pequenos produtores", "小农户农林复合经营", []string{hXTBG, hISA}},
	{"2.9", "ecological-agriculture", "bio-based products from crop residues", "bioproductos a partir de residuos agrícolas", "bioprodutos a partir de resíduos agrícolas", "农作物秸秆生物基产品", []string{hDICP}},
	{"1.4", "", "natural products chemistry of medicinal plants", "química de productos naturales de plantas medicinales", "química de produtos naturais de plantas medicinais", "药用植物天然产物化学", []string{hKIB, hSIMM}},
	{"1.2", "", "remote sensing data platforms", "plataformas de datos de teledetección", "plataformas de dados de sensoriamento remoto", "遥感数据平台", []string{hICT, hIGSNRR}},
	{"3.1", "", "tropical infectious diseases", "enfermedades infecciosas tropicales", "doenças infecciosas tropicais", "热带传染病", []string{hSIMM, hIOZ}},
	{"3.1", "", "drug discovery from natural products", "descubrimiento de fármacos a partir de productos naturales", "descoberta de fármacos a partir de produtos naturais", "天然产物药物发现", []string{hSIMM, hKIB}},
	{"5.2", "", "science, technology and innovation policy", "política de ciencia, tecnología e innovación", "política de ciência, tecnologia e inovação", "科技创新政策", []string{hISD}},
	{"5.2", "", "China–Latin America trade in technology", "comercio tecnológico entre China y América Latina", "comércio tecnológico entre a China e a América Latina", "中拉技术贸易", []string{hISD}},
	{"5.6", "", "research management and science diplomacy", "gestión de la investigación y diplomacia científica", "gestão da pesquisa e diplomacia científica", "科研管理与科技外交", []string{hISD}},
	{"5.7", "", "urbanisation and regional development", "urbanización y desarrollo regional", "urbanização e desenvolvimento regional", "城镇化与区域发展", []string{hIGSNRR, hISD}},
}

// in returns the topic's name in lang.
func (t *topic) in(lang string) string {
	switch lang {
	case "es":
		return t.es
	case "pt":
		return t.pt
	case "zh":
		return t.zh
	}
	return t.en
}

// venue is a journal publications are attributed to; prefix is its
// publisher's DOI prefix.
type venue struct{ name, prefix string }

// venues by discipline code, falling back to its field ("1", "2", …).
var venues = map[string][]venue{
	"1.6": {{"Molecular Phylogenetics and Evolution", "10.1016"}, {"PhytoKeys", "10.3897"}, {"Biodiversity and Conservation", "10.1007"}, {"Frontiers in Plant Science", "10.3389"}},
	"1.5": {{"Journal of Geophysical Research: Space Physics", "10.1029"}, {"Space Weather", "10.1029"}, {"Atmospheric Chemistry and Physics", "10.5194"}, {"Global Change Biology", "10.1111"}},
	"1.3": {{"The Astrophysical Journal", "10.3847"}, {"Monthly Notices of the Royal Astronomical Society", "10.1093"}, {"Astronomy & Astrophysics", "10.1051"}, {"Nature Astronomy", "10.1038"}},
	"1":   {{"Scientific Reports", "10.1038"}, {"PLOS ONE", "10.1371"}, {"Nature Communications", "10.1038"}},
	"2":   {{"Applied Energy", "10.1016"}, {"Water Research", "10.1016"}, {"Journal of Power Sources", "10.1016"}, {"Environmental Science & Technology", "10.1021"}},
	"3":   {{"PLOS Neglected Tropical Diseases", "10.1371"}, {"Journal of Natural Products", "10.1021"}},
	"4":   {{"Field Crops Research", "10.1016"}, {"Agriculture, Ecosystems & Environment", "10.1016"}, {"Frontiers in Plant Science", "10.3389"}},
	"5":   {{"Science and Public Policy", "10.1093"}, {"Research Policy", "10.1016"}},
}

func venuesFor(code string) []venue {
	if v := venues[code]; v != nil {
		return v
	}
	field, _, _ := strings.Cut(code, ".")
	if v := venues[field]; v != nil {
		return v
	}
	return venues["1"]
}

// topicsByCode lists the topics of each discipline, in table order.
func topicsByCode() map[string][]*topic {
	out := map[string][]*topic{}
	for i := range topics {
		out[topics[i].code] = append(out[topics[i].code], &topics[i])
	}
	return out
}

// disciplineWeights lean toward the study's priority disciplines and its
// strong fields (biology, earth sciences, physics and astronomy).
var disciplineWeights = []struct {
	code   string
	weight float64
}{
	{"1.6", 17}, {"1.5", 15}, {"1.3", 13}, {"4.1", 8}, {"2.7", 7}, {"1.4", 4}, {"3.1", 4},
	{"4.4", 3}, {"2.4", 3}, {"2.5", 3}, {"1.2", 3}, {"5.2", 3}, {"2.8", 2}, {"2.2", 2},
	{"5.6", 2}, {"4.5", 1.5}, {"2.9", 1.5}, {"5.7", 1.5},
}
