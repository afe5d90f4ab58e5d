package demo

import (
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
)

// demoInstitution is a real, well-known institution the demo portfolio
// names as a partner or host. Their ROR ids are left NULL: only the
// reference data, which was checked against ROR, carries ROR ids.
type demoInstitution struct {
	name, local, iso2 string
	typ               models.InstitutionType
	own               bool // one of the academy's institutes
}

const (
	uni = models.InstitutionUniversity
	ins = models.InstitutionResearchInstitute
	gov = models.InstitutionGovernmentAgency
	tnk = models.InstitutionThinkTank
)

var demoInstitutions = []demoInstitution{
	{"University of São Paulo", "Universidade de São Paulo", "BR", uni, false},
	{"State University of Campinas (UNICAMP)", "Universidade Estadual de Campinas", "BR", uni, false},
	{"Federal University of Rio de Janeiro (UFRJ)", "Universidade Federal do Rio de Janeiro", "BR", uni, false},
	{"Federal University of Minas Gerais (UFMG)", "Universidade Federal de Minas Gerais", "BR", uni, false},
	{"São Paulo State University (UNESP)", "Universidade Estadual Paulista", "BR", uni, false},
	{"Oswaldo Cruz Foundation (Fiocruz)", "Fundação Oswaldo Cruz", "BR", ins, false},
	{"National Institute of Amazonian Research (INPA)", "Instituto Nacional de Pesquisas da Amazônia", "BR", ins, false},
	{"Brazilian Agricultural Research Corporation (Embrapa)", "Empresa Brasileira de Pesquisa Agropecuária", "BR", ins, false},
	{"Museu Paraense Emílio Goeldi", "Museu Paraense Emílio Goeldi", "BR", ins, false},
	{"National Autonomous University of Mexico (UNAM)", "Universidad Nacional Autónoma de México", "MX", uni, false},
	{"Center for Research and Advanced Studies (CINVESTAV)", "Centro de Investigación y de Estudios Avanzados del IPN", "MX", ins, false},
	{"National Institute of Astrophysics, Optics and Electronics (INAOE)", "Instituto Nacional de Astrofísica, Óptica y Electrónica", "MX", ins, false},
	{"Institute of Ecology (INECOL)", "Instituto de Ecología, A.C.", "MX", ins, false},
	{"University of Buenos Aires (UBA)", "Universidad de Buenos Aires", "AR", uni, false},
	{"National Scientific and Technical Research Council (CONICET)", "Consejo Nacional de Investigaciones Científicas y Técnicas", "AR", gov, false},
	{"National University of La Plata", "Universidad Nacional de La Plata", "AR", uni, false},
	{"National Institute of Agricultural Technology (INTA)", "Instituto Nacional de Tecnología Agropecuaria", "AR", gov, false},
	{"Pontifical Catholic University of Chile", "Pontificia Universidad Católica de Chile", "CL", uni, false},
	{"University of Concepción", "Universidad de Concepción", "CL", uni, false},
	{"Federico Santa María Technical University", "Universidad Técnica Federico Santa María", "CL", uni, false},
	{"National University of Colombia", "Universidad Nacional de Colombia", "CO", uni, false},
	{"University of the Andes (Colombia)", "Universidad de los Andes", "CO", uni, false},
	{"University of Antioquia", "Universidad de Antioquia", "CO", uni, false},
	{"Alexander von Humboldt Biological Resources Research Institute", "Instituto de Investigación de Recursos Biológicos Alexander von Humboldt", "CO", ins, false},
	{"Pontifical Catholic University of Peru (PUCP)", "Pontificia Universidad Católica del Perú", "PE", uni, false},
	{"Cayetano Heredia University", "Universidad Peruana Cayetano Heredia", "PE", uni, false},
	{"Geophysical Institute of Peru", "Instituto Geofísico del Perú", "PE", ins, false},
	{"San Francisco de Quito University (USFQ)", "Universidad San Francisco de Quito", "EC", uni, false},
	{"National Polytechnic School (Ecuador)", "Escuela Politécnica Nacional", "EC", uni, false},
	{"University of the Republic (Uruguay)", "Universidad de la República", "UY", uni, false},
	{"Institut Pasteur de Montevideo", "Institut Pasteur de Montevideo", "UY", ins, false},
	{"Central University of Venezuela (UCV)", "Universidad Central de Venezuela", "VE", uni, false},
	{"Venezuelan Institute for Scientific Research (IVIC)", "Instituto Venezolano de Investigaciones Científicas", "VE", ins, false},
	{"University of Havana", "Universidad de La Habana", "CU", uni, false},
	{"Center for Genetic Engineering and Biotechnology (CIGB)", "Centro de Ingeniería Genética y Biotecnología", "CU", ins, false},
	{"Higher University of San Andrés (UMSA)", "Universidad Mayor de San Andrés", "BO", uni, false},
	{"University of Costa Rica", "Universidad de Costa Rica", "CR", uni, false},
	{"University of Panama", "Universidad de Panamá", "PA", uni, false},
	{"Smithsonian Tropical Research Institute", "", "PA", ins, false},
	{"University of the West Indies", "", "JM", uni, false},
	{"National University of Asunción", "Universidad Nacional de Asunción", "PY", uni, false},
	{"University of San Carlos of Guatemala", "Universidad de San Carlos de Guatemala", "GT", uni, false},
	{"Autonomous University of Santo Domingo", "Universidad Autónoma de Santo Domingo", "DO", uni, false},
	{"University of Puerto Rico", "Universidad de Puerto Rico", "PR", uni, false},
	{"University of French Guiana", "Université de Guyane", "GF", uni, false},
	// Further institutes of the academy, so that hosts match the discipline.
	{"Institute of Botany, CAS", "中国科学院植物研究所", "CN", ins, true},
	{"Kunming Institute of Botany, CAS", "中国科学院昆明植物研究所", "CN", ins, true},
	{"Xishuangbanna Tropical Botanical Garden, CAS", "中国科学院西双版纳热带植物园", "CN", ins, true},
	{"Institute of Zoology, CAS", "中国科学院动物研究所", "CN", ins, true},
	{"Institute of Atmospheric Physics, CAS", "中国科学院大气物理研究所", "CN", ins, true},
	{"Institute of Geology and Geophysics, CAS", "中国科学院地质与地球物理研究所", "CN", ins, true},
	{"Purple Mountain Observatory, CAS", "中国科学院紫金山天文台", "CN", ins, true},
	{"Institute of Geographic Sciences and Natural Resources Research, CAS", "中国科学院地理科学与资源研究所", "CN", ins, true},
	{"Institute of Subtropical Agriculture, CAS", "中国科学院亚热带农业生态研究所", "CN", ins, true},
	{"Research Center for Eco-Environmental Sciences, CAS", "中国科学院生态环境研究中心", "CN", ins, true},
	{"Dalian Institute of Chemical Physics, CAS", "中国科学院大连化学物理研究所", "CN", ins, true},
	{"Shanghai Institute of Materia Medica, CAS", "中国科学院上海药物研究所", "CN", ins, true},
	{"Institute of Computing Technology, CAS", "中国科学院计算技术研究所", "CN", ins, true},
	{"Institutes of Science and Development, CAS", "中国科学院科技战略咨询研究院", "CN", tnk, true},
}

// ensureInstitutions adds the demo institutions that are not there yet,
// matched by name so that a second run adds none. Institutions of a
// country that is not seeded are skipped.
func ensureInstitutions(tx *gorm.DB, ref *refs, now time.Time) error {
	names := make([]string, len(demoInstitutions))
	for i, d := range demoInstitutions {
		names[i] = d.name
	}
	var have []string
	if err := tx.Model(&models.Institution{}).Where("name IN ?", names).Pluck("name", &have).Error; err != nil {
		return fmt.Errorf("demo: unable to look up institutions: %w", err)
	}
	var rows []models.Institution
	for _, d := range demoInstitutions {
		if _, ok := ref.countries[d.iso2]; !ok || slices.Contains(have, d.name) {
			continue
		}
		in := models.Institution{Name: d.name, CountryISO2: d.iso2, Type: d.typ, OwnInstitute: d.own, CreatedAt: now}
		if d.local != "" && d.local != d.name {
			in.NameLocal = &d.local
		}
		if d.own && ref.cas != nil {
			in.ParentID = &ref.cas.id
		}
		rows = append(rows, in)
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("demo: unable to add demo institutions: %w", err)
	}
	return nil
}
