package demo

import (
	"time"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// initiative is one of the study's four existing initiatives. Facts come
// from the study (reference/paper-facts.md); amounts, dates within the
// founding year and report schedules are plausible demo values, and the
// principal investigators are placeholders, not real people.
type initiative struct {
	code                 string
	typ                  models.ProjectType
	state                workflow.State
	countries            []string // the lead first
	year                 int
	host, partner        string // short ROR ids
	area                 string // priority area slug; "" for none
	primary, secondary   string
	channel              string
	requestedY, awardedY int64                         // yuan
	lines                map[models.BudgetCategory]int // percent of the request
	title, summary       [4]string                     // en, es, pt, zh
	pi, piEmail          string
	submitted, decided   models.Date
	signed, start, end   models.Date
	actualEnd, completed models.Date // completed initiatives only
	tranches             int
	outputs              []initiativeOutput
	// papers is how many co-authored SCI papers each year's progress
	// report lists (the study counts 65 for the Astronomical Center);
	// they are placeholders without titles or DOIs of real papers.
	papers map[int]int
	venue  string // where the first of them appeared
}

type initiativeOutput struct {
	kind          models.OutputKind
	title, desc   string
	year          int // 0: the year of the latest accepted report
	level         models.CareerLevel
	direction     models.Direction
	countries     []string
	needsAccepted bool
}

func ymd(y, m, day int) models.Date { return models.Date{Year: y, Month: time.Month(m), Day: day} }

var initiatives = []initiative{
	{
		code: "CAS-CASSACA-2013", typ: models.TypePlatform, state: workflow.Active, countries: []string{"CL"}, year: 2013,
		host: "058pyyv44", partner: "047gc3g35", area: "space-atmosphere", primary: "1.3", channel: "platform-construction",
		requestedY: 30_000_000, awardedY: 28_000_000,
		lines: map[models.BudgetCategory]int{models.BudgetEquipment: 55, models.BudgetStipends: 20, models.BudgetTravel: 10, models.BudgetOther: 15},
		title: [4]string{"CAS South American Astronomical Center", "Centro Astronómico Sudamericano de la Academia China de Ciencias",
			"Centro Astronômico Sul-Americano da Academia Chinesa de Ciências", "中国科学院南美天文研究中心"},
		summary: [4]string{
			"Founded in 2013 with Chilean universities and institutes. Recognised by Chile as an international organisation with ESO-equivalent status; gives access to about US$4 million of large-telescope observing time and runs a postdoctoral programme for China–Chile projects; 65 SCI papers, some in Nature.",
			"Fundado en 2013 con universidades e institutos chilenos. Chile lo reconoce como organización internacional con un estatus equivalente al de ESO; da acceso a unos 4 millones de dólares en tiempo de observación en grandes telescopios y mantiene un programa posdoctoral para proyectos chino-chilenos; 65 artículos SCI, algunos en Nature.",
			"Fundado em 2013 com universidades e institutos chilenos. Reconhecido pelo Chile como organização internacional com estatuto equivalente ao do ESO; dá acesso a cerca de 4 milhões de dólares em tempo de observação em grandes telescópios e mantém um programa de pós-doutorado para projetos China–Chile; 65 artigos SCI, alguns na Nature.",
			"2013年与智利高校和研究机构共同成立，被智利认定为享有与欧洲南方天文台同等地位的国际组织；获得约400万美元的大型望远镜观测时间，设立中智合作项目博士后计划；发表SCI论文65篇，其中包括《自然》论文。"},
		pi: "Demo PI – Astronomy Center", piEmail: "pi.astronomy-center@demo.puente.example",
		submitted: ymd(2012, 10, 15), decided: ymd(2013, 1, 21), signed: ymd(2013, 3, 15), start: ymd(2013, 4, 1), end: ymd(2028, 3, 31),
		tranches: 4,
		outputs: []initiativeOutput{
			{kind: models.OutputDeliverable, title: "Large-telescope observing time for China–Chile projects",
				desc: "About US$4 million of observing time.", countries: []string{"CL", "CN"}},
			{kind: models.OutputTrainedPeople, title: "Postdoctoral fellows of the China–Chile programme", level: models.CareerStudentOrYoungResearcher,
				direction: models.DirectionToLatinAmerica, countries: []string{"CL"}},
		},
		papers: map[int]int{2014: 9, 2015: 14, 2016: 19, 2017: 23}, venue: "Nature",
	},
	{
		code: "CAS-SASWL-2014", typ: models.TypePlatform, state: workflow.Active, countries: []string{"BR"}, year: 2014,
		host: "02nnjtm50", partner: "04xbn6x09", area: "space-atmosphere", primary: "1.5", secondary: "1.3", channel: "platform-construction",
		requestedY: 25_000_000, awardedY: 22_000_000,
		lines: map[models.BudgetCategory]int{models.BudgetEquipment: 65, models.BudgetTravel: 10, models.BudgetStipends: 10, models.BudgetOther: 15},
		title: [4]string{"CAS South American Space Weather Laboratory", "Laboratorio Sudamericano de Clima Espacial de la Academia China de Ciencias",
			"Laboratório Sul-Americano de Clima Espacial da Academia Chinesa de Ciências", "中国科学院南美空间天气实验室"},
		summary: [4]string{
			"Founded in 2014 with Brazilian institutions. Phase 1 is complete: four instruments monitor the ionosphere and the middle and upper atmosphere. Phase 2 adds atmospheric science and space debris.",
			"Fundado en 2014 con instituciones brasileñas. La fase 1 está concluida: cuatro instrumentos vigilan la ionosfera y la atmósfera media y alta. La fase 2 añade ciencias atmosféricas y basura espacial.",
			"Fundado em 2014 com instituições brasileiras. A fase 1 está concluída: quatro instrumentos monitoram a ionosfera e a média e alta atmosfera. A fase 2 acrescenta ciências atmosféricas e detritos espaciais.",
			"2014年与巴西机构共同成立。一期已完成：四台仪器监测电离层和中高层大气。二期增加大气科学和空间碎片研究。"},
		pi: "Demo PI – Space Weather Laboratory", piEmail: "pi.space-weather-lab@demo.puente.example",
		submitted: ymd(2013, 11, 5), decided: ymd(2014, 3, 10), signed: ymd(2014, 5, 20), start: ymd(2014, 6, 1), end: ymd(2029, 5, 31),
		tranches: 4,
		outputs: []initiativeOutput{
			{kind: models.OutputDeliverable, title: "Phase 1: four instruments monitoring the ionosphere and the middle and upper atmosphere",
				countries: []string{"BR", "CN"}, needsAccepted: true},
			{kind: models.OutputDataset, title: "Ionosphere and middle and upper atmosphere observations from the four phase 1 instruments",
				desc: "Continuous monitoring data shared by the Brazilian and Chinese partners.", countries: []string{"BR", "CN"}},
		},
	},
	{
		code: "CAS-JMSEL-2016", typ: models.TypeJointLab, state: workflow.Active, countries: []string{"PE", "CO", "EC", "BO"}, year: 2016,
		host: "01xqdxh54", partner: "006vs7897", area: "biodiversity", primary: "1.6", channel: "biodiversity-fund",
		requestedY: 6_000_000, awardedY: 5_500_000,
		lines: map[models.BudgetCategory]int{models.BudgetEquipment: 40, models.BudgetConsumables: 20, models.BudgetStipends: 20, models.BudgetTravel: 15, models.BudgetEvents: 5},
		title: [4]string{"Joint Laboratory of Molecular Systematics and Evolution (SCBG – San Marcos)",
			"Laboratorio Conjunto de Sistemática Molecular y Evolución (SCBG – San Marcos)",
			"Laboratório Conjunto de Sistemática Molecular e Evolução (SCBG – San Marcos)",
			"华南植物园—圣马科斯大学分子系统与进化联合实验室"},
		summary: [4]string{
			"Founded in 2016 by the South China Botanical Garden (CAS) and the National University of San Marcos. Screens useful plant resources and has trained researchers from Peru, Colombia, Ecuador and Bolivia in China.",
			"Creado en 2016 por el Jardín Botánico del Sur de China (ACC) y la Universidad Nacional Mayor de San Marcos. Investiga recursos vegetales útiles y ha formado en China a investigadores de Perú, Colombia, Ecuador y Bolivia.",
			"Criado em 2016 pelo Jardim Botânico do Sul da China (ACC) e pela Universidade Nacional Mayor de San Marcos. Investiga recursos vegetais úteis e formou na China pesquisadores do Peru, da Colômbia, do Equador e da Bolívia.",
			"2016年由中国科学院华南植物园与秘鲁圣马科斯国立大学共同建立，开展有用植物资源筛选，并在中国培养了来自秘鲁、哥伦比亚、厄瓜多尔和玻利维亚的科研人员。"},
		pi: "Demo PI – Joint Molecular Laboratory", piEmail: "pi.joint-molecular-lab@demo.puente.example",
		submitted: ymd(2015, 9, 1), decided: ymd(2016, 1, 15), signed: ymd(2016, 3, 10), start: ymd(2016, 4, 1), end: ymd(2028, 3, 31),
		tranches: 3,
		outputs: []initiativeOutput{
			{kind: models.OutputTrainedPeople, title: "Researchers from Peru trained in China", level: models.CareerStudentOrYoungResearcher, direction: models.DirectionToChina, countries: []string{"PE"}},
			{kind: models.OutputTrainedPeople, title: "Researchers from Colombia trained in China", level: models.CareerStudentOrYoungResearcher, direction: models.DirectionToChina, countries: []string{"CO"}},
			{kind: models.OutputTrainedPeople, title: "Researchers from Ecuador trained in China", level: models.CareerStudentOrYoungResearcher, direction: models.DirectionToChina, countries: []string{"EC"}},
			{kind: models.OutputTrainedPeople, title: "Researchers from Bolivia trained in China", level: models.CareerStudentOrYoungResearcher, direction: models.DirectionToChina, countries: []string{"BO"}},
		},
	},
	{
		code: "CAS-SIRIUS-LINAC-2013", typ: models.TypeTechnologyTransfer, state: workflow.Completed, countries: []string{"BR"}, year: 2013,
		host: "02w6gr951", partner: "05m235j20", primary: "1.3", secondary: "2.3", channel: "bilateral-fund",
		requestedY: 45_000_000, awardedY: 45_000_000,
		lines: map[models.BudgetCategory]int{models.BudgetEquipment: 90, models.BudgetTravel: 3, models.BudgetOther: 7},
		title: [4]string{"150 MeV linear accelerator for Brazil's SIRIUS light source", "Acelerador lineal de 150 MeV para la fuente de luz SIRIUS de Brasil",
			"Acelerador linear de 150 MeV para a fonte de luz Sirius do Brasil", "巴西SIRIUS光源150 MeV电子直线加速器"},
		summary: [4]string{
			"Contracted in 2013 between the Shanghai Institute of Applied Physics (CAS) and the Brazilian Center for Research in Energy and Materials (CNPEM); the 150 MeV electron linac was shipped in July 2017, CAS's first high-tech export in synchrotron radiation.",
			"Contratado en 2013 entre el Instituto de Física Aplicada de Shanghái (ACC) y el Centro Nacional de Investigación en Energía y Materiales de Brasil (CNPEM); el acelerador lineal de electrones de 150 MeV se envió en julio de 2017, la primera exportación de alta tecnología de la ACC en radiación sincrotrón.",
			"Contratado em 2013 entre o Instituto de Física Aplicada de Xangai (ACC) e o Centro Nacional de Pesquisa em Energia e Materiais (CNPEM); o acelerador linear de elétrons de 150 MeV foi embarcado em julho de 2017, a primeira exportação de alta tecnologia da ACC em radiação síncrotron.",
			"2013年中国科学院上海应用物理研究所与巴西国家能源与材料研究中心签约；150 MeV电子直线加速器于2017年7月发运，是中国科学院在同步辐射领域的首次高技术出口。"},
		pi: "Demo PI – SIRIUS Linac", piEmail: "pi.sirius-linac@demo.puente.example",
		submitted: ymd(2013, 3, 1), decided: ymd(2013, 6, 14), signed: ymd(2013, 9, 10), start: ymd(2013, 10, 1), end: ymd(2017, 9, 30),
		actualEnd: ymd(2017, 7, 31), completed: ymd(2017, 11, 6), tranches: 3,
		outputs: []initiativeOutput{
			{kind: models.OutputDeliverable, title: "150 MeV electron linac shipped to CNPEM for SIRIUS", year: 2017,
				desc: "CAS's first high-tech export in synchrotron radiation.", countries: []string{"BR", "CN"}},
		},
	},
}
