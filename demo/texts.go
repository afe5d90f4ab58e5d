package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/puente-science/puente/models"
)

// Title patterns per type and language: %[1]s is the topic, %[2]s the lead
// country's name.
var titlePatterns = map[models.ProjectType]map[string]string{
	models.TypeTalentExchange: {"en": "Research visit: %[1]s", "es": "Estancia de investigación: %[1]s",
		"pt": "Estágio de pesquisa: %[1]s", "zh": "访问研究：%[1]s"},
	models.TypeResearchProject: {"en": "%[1]s: a China–%[2]s cooperative study", "es": "%[1]s: estudio cooperativo China–%[2]s",
		"pt": "%[1]s: estudo cooperativo China–%[2]s", "zh": "中国—%[2]s%[1]s合作研究"},
	models.TypeJointLab: {"en": "China–%[2]s Joint Laboratory on %[1]s", "es": "Laboratorio conjunto China–%[2]s de %[1]s",
		"pt": "Laboratório conjunto China–%[2]s de %[1]s", "zh": "中国—%[2]s%[1]s联合实验室"},
	models.TypePlatform: {"en": "Platform for %[1]s (%[2]s)", "es": "Plataforma para %[1]s (%[2]s)",
		"pt": "Plataforma para %[1]s (%[2]s)", "zh": "%[1]s平台（%[2]s）"},
	models.TypeTechnologyTransfer: {"en": "Technology transfer to %[2]s: %[1]s", "es": "Transferencia tecnológica a %[2]s: %[1]s",
		"pt": "Transferência de tecnologia para %[2]s: %[1]s", "zh": "面向%[2]s的技术转移：%[1]s"},
	models.TypeDialogue: {"en": "China–%[2]s dialogue on %[1]s", "es": "Diálogo China–%[2]s sobre %[1]s",
		"pt": "Diálogo China–%[2]s sobre %[1]s", "zh": "中国—%[2]s%[1]s对话"},
}

var summaryPatterns = map[string]string{
	"en": "A %[1]s between %[2]s and %[3]s on %[4]s.",
	"es": "Proyecto de %[1]s entre %[2]s y %[3]s sobre %[4]s.",
	"pt": "Projeto de %[1]s entre %[2]s e %[3]s sobre %[4]s.",
	"zh": "%[2]s与%[3]s关于%[4]s的%[1]s项目。",
}

var typeLabels = map[string]map[models.ProjectType]string{
	"en": {"talent_exchange": "research visit", "joint_lab": "joint laboratory", "platform": "overseas platform",
		"research_project": "cooperative research project", "technology_transfer": "technology transfer", "dialogue": "think-tank dialogue"},
	"es": {"talent_exchange": "estancia de investigación", "joint_lab": "laboratorio conjunto", "platform": "plataforma en el exterior",
		"research_project": "investigación cooperativa", "technology_transfer": "transferencia tecnológica", "dialogue": "diálogo entre centros de pensamiento"},
	"pt": {"talent_exchange": "estágio de pesquisa", "joint_lab": "laboratório conjunto", "platform": "plataforma no exterior",
		"research_project": "pesquisa cooperativa", "technology_transfer": "transferência de tecnologia", "dialogue": "diálogo entre think tanks"},
	"zh": {"talent_exchange": "访问研究", "joint_lab": "联合实验室", "platform": "海外平台",
		"research_project": "合作研究", "technology_transfer": "技术转移", "dialogue": "智库对话"},
}

// texts returns the title and summary in each language, "" where not
// given: English always, the applicant's language, sometimes Chinese.
func (g *generator) texts(r *rand.Rand, p *plan) (title, summary [4]any) {
	country := g.ref.countries[p.countries[0]].Name
	zh := chance(r, 0.25)
	for i, lang := range models.Languages {
		if lang != "en" && lang != p.pi.locale && (lang != "zh" || !zh) {
			continue
		}
		topic := p.topic.in(lang)
		t := fmt.Sprintf(titlePatterns[p.typ][lang], topic, country.In(lang))
		title[i] = capitalize(t)
		summary[i] = fmt.Sprintf(summaryPatterns[lang], typeLabels[lang][p.typ], p.host.name, p.partners[0].name, topic)
	}
	return title, summary
}

// details writes the type's own fields.
func (g *generator) details(b *batch, r *rand.Rand, p *plan, pid int64) {
	country := g.ref.countries[p.countries[0]].Name.EN
	switch p.typ {
	case models.TypeTalentExchange:
		b.add(tTalent, pid, string(p.level), string(p.dir), p.host.id, int64(p.months), p.lines[1])
	case models.TypeJointLab:
		b.add(tJointLab, pid, fmt.Sprintf("China–%s Joint Laboratory on %s", country, p.topic.en), p.partners[0].id,
			p.pi.name+" ("+p.partners[0].name+"); "+personName(r, "zh")+" ("+p.host.name+")",
			"Shared laboratory space, sequencing and imaging equipment, a reference collection.",
			capitalize(p.topic.en)+"; training of young researchers from both sides; open data.")
	case models.TypePlatform:
		phase := int64(1)
		if chance(r, 0.3) {
			phase = 2
		}
		b.add(tPlatform, pid, p.countries[0], phase, "Observing instruments, a data centre and visitor facilities for "+p.topic.en+".",
			chance(r, 0.1))
	case models.TypeResearchProject:
		b.add(tResearch, pid, "WP1 Field work and sampling; WP2 Laboratory analysis; WP3 Joint modelling; WP4 Training and dissemination.",
			"Co-authored papers, a shared dataset, two trained students.")
	case models.TypeTechnologyTransfer:
		start := p.t.plannedStart
		b.add(tTransfer, pid, "Design, manufacture, delivery and commissioning for "+p.topic.en+".", p.requested,
			fmt.Sprintf("%s contract; %s factory acceptance; %s delivery; %s commissioning",
				yearMonth(start), yearMonth(start.AddMonths(p.months/2)), yearMonth(start.AddMonths(p.months*3/4)),
				yearMonth(start.AddMonths(p.months))))
	case models.TypeDialogue:
		starts := p.t.plannedStart.AddDays(between(r, 20, 60))
		participants := ""
		for _, c := range append([]string{"CN"}, p.countries...) {
			participants += fmt.Sprintf("%s %d, ", c, between(r, 3, 15))
		}
		b.add(tDialogue, pid, string(oneOfWeighted(r, models.DialogueFormats, []float64{25, 30, 20, 15, 10})),
			participants[:len(participants)-2], starts, starts.AddDays(between(r, 1, 4)))
	}
}

func yearMonth(d models.Date) string { return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)) }
