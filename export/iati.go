package export

import (
	"bufio"
	"context"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// IATI 2.03 activity XML. Choices made here, for publishers to know:
//
//   - Activity status from the workflow state: approved → 1 Pipeline/
//     identification (decided, not yet started under a signed agreement);
//     active → 2 Implementation; suspended → 6 Suspended; completed → 4
//     Closed (completion requires the accepted final report, so nothing is
//     left to finalise); terminated → 5 Cancelled.
//   - Sectors: the disciplines (OECD Fields of R&D, FORD) are reported twice,
//     each vocabulary summing to 100 %: as OECD DAC 5-digit purpose codes
//     (vocabulary 1, the one IATI tools aggregate) through FordToDAC, and as
//     the FORD codes themselves in the reporting organisation's vocabulary
//     99 with the Frascati Manual as vocabulary-uri. A project's share is
//     split equally between its disciplines, the rest of the integer
//     division going to the primary one.
//   - Recipient countries: every country of the project, the share split
//     equally in whole percent, the rest to the lead country.
//   - Participating organisations: the reporting organisation funds (role
//     1); the host and partner institutions implement (role 4), with their
//     ROR identifier as @ref (XI-ROR is an IATI organisation registration
//     agency) and an OrganisationType mapped from the institution's kind.
//   - Budget: the award spread over the agreement's period (else the planned
//     one) in slices of at most a year, pro rata by days, the rest of the
//     integer division in the last slice; status 2 Committed.
//   - Transactions: 2 Outgoing Commitment of the award on the decision day
//     (else the agreement's signature, else the start), and 3 Disbursement
//     for each paid tranche.

// iatiActivityStatus maps workflow states to the ActivityStatus codelist.
var iatiActivityStatus = map[workflow.State]string{
	workflow.Approved:   "1",
	workflow.Active:     "2",
	workflow.Suspended:  "6",
	workflow.Completed:  "4",
	workflow.Terminated: "5",
}

// FordToDAC maps each OECD FORD field or subfield to the OECD DAC 5-digit
// research purpose code that describes it best: agricultural, medical,
// educational, environmental and technological research have their own
// codes; everything else is research by scientific institutions (43082).
// A subfield not listed takes its field's code.
var FordToDAC = map[string]string{
	"1":   "43082", // natural sciences
	"1.5": "41082", // earth and related environmental sciences → environmental research
	"2":   "32182", // engineering and technology → technological research and development
	"2.7": "41082", // environmental engineering → environmental research
	"2.8": "41082", // environmental biotechnology → environmental research
	"3":   "12182", // medical and health sciences → medical research
	"4":   "31182", // agricultural and veterinary sciences → agricultural research
	"5":   "43082", // social sciences
	"5.3": "11182", // education → educational research
	"6":   "43082", // humanities and the arts
}

// DACResearchNames are the English names of the DAC codes FordToDAC uses.
var DACResearchNames = map[string]string{
	"43082": "Research/scientific institutions",
	"41082": "Environmental research",
	"32182": "Technological research and development",
	"12182": "Medical research",
	"31182": "Agricultural research",
	"11182": "Educational research",
}

// FordVocabularyURI is where the FORD classification is defined (the
// Frascati Manual 2015).
const FordVocabularyURI = "https://doi.org/10.1787/9789264239012-en"

// dacOf is the DAC code of a FORD code.
func dacOf(ford string) string {
	if c, ok := FordToDAC[ford]; ok {
		return c
	}
	field, _, _ := strings.Cut(ford, ".")
	if c, ok := FordToDAC[field]; ok {
		return c
	}
	return "43082"
}

// iatiOrgType maps institutions.type to the OrganisationType codelist.
var iatiOrgType = map[string]string{
	"university":                 "80",
	"research_institute":         "80",
	"academy":                    "80",
	"think_tank":                 "80",
	"government_agency":          "10",
	"company":                    "70",
	"international_organisation": "40",
}

// Split divides 100 % among n parts in whole percent, the rest of the
// integer division going to the first (the lead country, the primary
// discipline).
func Split(n int) []int {
	if n <= 0 {
		return nil
	}
	out := make([]int, n)
	for i := range out {
		out[i] = 100 / n
	}
	out[0] += 100 - (100/n)*n
	return out
}

type narrative struct {
	XMLName xml.Name `xml:"narrative"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text    string   `xml:",chardata"`
}

type codeAttr struct {
	Code string `xml:"code,attr"`
}

type dateAttr struct {
	Type    string `xml:"type,attr,omitempty"`
	ISODate string `xml:"iso-date,attr"`
}

type org struct {
	Ref        string      `xml:"ref,attr,omitempty"`
	Type       string      `xml:"type,attr,omitempty"`
	Role       string      `xml:"role,attr,omitempty"`
	Narratives []narrative `xml:"narrative"`
}

type iatiValue struct {
	Currency  string `xml:"currency,attr,omitempty"`
	ValueDate string `xml:"value-date,attr"`
	Amount    string `xml:",chardata"`
}

type textBlock struct {
	Type       string      `xml:"type,attr,omitempty"`
	Narratives []narrative `xml:"narrative"`
}

type recipientCountry struct {
	Code       string `xml:"code,attr"`
	Percentage int    `xml:"percentage,attr"`
}

type sector struct {
	Vocabulary    string      `xml:"vocabulary,attr"`
	VocabularyURI string      `xml:"vocabulary-uri,attr,omitempty"`
	Code          string      `xml:"code,attr"`
	Percentage    int         `xml:"percentage,attr"`
	Narratives    []narrative `xml:"narrative"`
}

type budget struct {
	Type        string    `xml:"type,attr"`
	Status      string    `xml:"status,attr"`
	PeriodStart dateAttr  `xml:"period-start"`
	PeriodEnd   dateAttr  `xml:"period-end"`
	Value       iatiValue `xml:"value"`
}

type transaction struct {
	Type        codeAttr   `xml:"transaction-type"`
	Date        dateAttr   `xml:"transaction-date"`
	Value       iatiValue  `xml:"value"`
	Description *textBlock `xml:"description"`
	ProviderOrg *org       `xml:"provider-org"`
	ReceiverOrg *org       `xml:"receiver-org"`
}

// activity is one iati-activity; the fields are in the schema's order.
type activity struct {
	XMLName           xml.Name           `xml:"iati-activity"`
	LastUpdated       string             `xml:"last-updated-datetime,attr"`
	Lang              string             `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	DefaultCurrency   string             `xml:"default-currency,attr"`
	Identifier        string             `xml:"iati-identifier"`
	ReportingOrg      org                `xml:"reporting-org"`
	Title             textBlock          `xml:"title"`
	Description       textBlock          `xml:"description"`
	ParticipatingOrgs []org              `xml:"participating-org"`
	Status            codeAttr           `xml:"activity-status"`
	Dates             []dateAttr         `xml:"activity-date"`
	Countries         []recipientCountry `xml:"recipient-country"`
	Sectors           []sector           `xml:"sector"`
	Budgets           []budget           `xml:"budget"`
	Transactions      []transaction      `xml:"transaction"`
}

// trancheName is "Tranche n" in the four languages, from the catalogs.
func trancheName(n int) models.Localized {
	c, num := i18n.Default(), strconv.Itoa(n)
	in := func(l i18n.Lang) string { return strings.ReplaceAll(c.Message(l, "export.tranche"), "{n}", num) }
	return models.Localized{EN: in(i18n.EN), ES: in(i18n.ES), PT: in(i18n.PT), ZH: in(i18n.ZH)}
}

// narratives are a text's versions, the project's own language first, each
// marked with its language.
func narratives(l models.Localized, first string) []narrative {
	byLang := map[string]string{"en": l.EN, "es": l.ES, "pt": l.PT, "zh": l.ZH}
	var out []narrative
	for _, lang := range append([]string{first}, "en", "es", "pt", "zh") {
		if t := strings.TrimSpace(byLang[lang]); t != "" {
			out = append(out, narrative{Lang: lang, Text: t})
			byLang[lang] = ""
		}
	}
	return out
}

// IATI writes the projects as an IATI 2.03 activities file, one
// iati-activity per project, streaming. IATI requires at least one
// activity: with no project the file is well formed but holds none.
func IATI(ctx context.Context, w io.Writer, src Source, pub Publisher, names models.ExportNames, now time.Time) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	root := xml.StartElement{Name: xml.Name{Local: "iati-activities"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "version"}, Value: "2.03"},
		{Name: xml.Name{Local: "generated-datetime"}, Value: now.UTC().Format(time.RFC3339)},
	}}
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	err := src.Each(ctx, func(p *models.ExportProject) error {
		return enc.Encode(Activity(p, pub, names))
	})
	if err != nil {
		return err
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	if _, err := bw.WriteString("\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// Activity is a project as an IATI activity.
func Activity(p *models.ExportProject, pub Publisher, names models.ExportNames) any {
	lang := p.Lang
	if lang == "" {
		lang = "en"
	}
	reporting := org{Ref: pub.OrgRef, Type: pub.OrgType, Narratives: []narrative{{Lang: "en", Text: pub.OrgName}}}
	a := activity{
		LastUpdated:     p.UpdatedAt.UTC().Format(time.RFC3339),
		Lang:            lang,
		DefaultCurrency: p.Currency,
		Identifier:      pub.OrgRef + "-" + p.Code,
		ReportingOrg:    reporting,
		Title:           textBlock{Narratives: narratives(p.Title, lang)},
		Status:          codeAttr{Code: iatiActivityStatus[p.State]},
	}
	desc := narratives(p.Summary, lang)
	if len(desc) == 0 {
		desc = narratives(p.Title, lang)
	}
	a.Description = textBlock{Type: "1", Narratives: desc}
	if a.Status.Code == "" {
		a.Status.Code = "1"
	}
	funder := reporting
	funder.Role = "1"
	a.ParticipatingOrgs = append(a.ParticipatingOrgs, funder)
	seen := map[int64]bool{}
	implementers := p.Institutions
	if p.HostInstitution != nil {
		implementers = append([]models.ExportInstitution{*p.HostInstitution}, implementers...)
	}
	for _, in := range implementers {
		if seen[in.ID] {
			continue
		}
		seen[in.ID] = true
		a.ParticipatingOrgs = append(a.ParticipatingOrgs, institutionOrg(in, "4"))
	}
	a.Dates = activityDates(p)
	for i, pc := range Split(len(p.Countries)) {
		a.Countries = append(a.Countries, recipientCountry{Code: p.Countries[i], Percentage: pc})
	}
	a.Sectors = sectors(p, names)
	a.Budgets = budgets(p)
	a.Transactions = transactions(p)
	return a
}

// institutionOrg is an institution as a participating, receiving or
// providing organisation.
func institutionOrg(in models.ExportInstitution, role string) org {
	o := org{Role: role, Type: iatiOrgType[in.Type], Narratives: []narrative{{Text: in.Name}}}
	if ror := rorID(in.RORID); ror != "" {
		o.Ref = "XI-ROR-" + ror
	}
	return o
}

// rorID is the bare ROR identifier of https://ror.org/034t30j35.
func rorID(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	i := strings.LastIndex(s, "/")
	return s[i+1:]
}

// activityDates are the planned and actual start and end dates; at least
// one is always given (IATI requires it), the start of the agreement or the
// decision day standing in for a planned start that was never recorded.
func activityDates(p *models.ExportProject) []dateAttr {
	var out []dateAttr
	for _, d := range []struct {
		typ  string
		date *models.Date
	}{{"1", p.PlannedStart}, {"2", p.ActualStart}, {"3", p.PlannedEnd}, {"4", p.ActualEnd}} {
		if s := isoDate(d.date); s != "" {
			out = append(out, dateAttr{Type: d.typ, ISODate: s})
		}
	}
	if len(out) == 0 {
		start := fallbackStart(p)
		out = append(out, dateAttr{Type: "1", ISODate: start.String()})
	}
	return out
}

// fallbackStart is the best known day the work began or was decided.
func fallbackStart(p *models.ExportProject) models.Date {
	switch {
	case p.Agreement != nil:
		return p.Agreement.StartsOn
	case p.DecidedAt != nil:
		return models.DateOf(p.DecidedAt.UTC())
	case p.PlannedStart != nil && !p.PlannedStart.IsZero():
		return *p.PlannedStart
	}
	return models.Date{Year: p.Year, Month: time.January, Day: 1}
}

// sectors are the project's disciplines in DAC 5-digit and FORD
// vocabularies, each summing to 100.
func sectors(p *models.ExportProject, names models.ExportNames) []sector {
	codes := p.Disciplines
	if len(codes) == 0 && p.PrimaryDisciplineCode != "" {
		codes = []string{p.PrimaryDisciplineCode}
	}
	if len(codes) == 0 {
		return []sector{{Vocabulary: "1", Code: "43082", Percentage: 100,
			Narratives: []narrative{{Lang: "en", Text: DACResearchNames["43082"]}}}}
	}
	shares := Split(len(codes))
	var dac []sector
	dacAt := map[string]int{}
	var ford []sector
	for i, code := range codes {
		d := dacOf(code)
		if j, ok := dacAt[d]; ok {
			dac[j].Percentage += shares[i]
		} else {
			dacAt[d] = len(dac)
			dac = append(dac, sector{Vocabulary: "1", Code: d, Percentage: shares[i],
				Narratives: []narrative{{Lang: "en", Text: DACResearchNames[d]}}})
		}
		ford = append(ford, sector{Vocabulary: "99", VocabularyURI: FordVocabularyURI, Code: code, Percentage: shares[i],
			Narratives: narratives(names.Disciplines[code], "en")})
	}
	return append(dac, ford...)
}

// budgets spread the award over the agreement's (else the planned) period
// in slices of at most a year.
func budgets(p *models.ExportProject) []budget {
	if p.AwardedMinor == nil {
		return nil
	}
	var start, end models.Date
	switch {
	case p.Agreement != nil:
		start, end = p.Agreement.StartsOn, p.Agreement.EndsOn
	case p.PlannedStart != nil && p.PlannedEnd != nil && !p.PlannedStart.IsZero() && !p.PlannedEnd.IsZero():
		start, end = *p.PlannedStart, *p.PlannedEnd
	default:
		return nil
	}
	if end.Before(start) {
		return nil
	}
	type slice struct{ from, to models.Date }
	var slices []slice
	for from := start; !end.Before(from); {
		to := from.AddMonths(12).AddDays(-1)
		if end.Before(to) {
			to = end
		}
		slices = append(slices, slice{from, to})
		from = to.AddDays(1)
	}
	total := int64(start.DaysUntil(end) + 1)
	var out []budget
	var given int64
	for i, s := range slices {
		v := *p.AwardedMinor * int64(s.from.DaysUntil(s.to)+1) / total
		if i == len(slices)-1 {
			v = *p.AwardedMinor - given
		}
		given += v
		out = append(out, budget{Type: "1", Status: "2",
			PeriodStart: dateAttr{ISODate: s.from.String()}, PeriodEnd: dateAttr{ISODate: s.to.String()},
			Value: iatiValue{Currency: p.Currency, ValueDate: s.from.String(), Amount: decimal(v, p.Currency)}})
	}
	return out
}

// transactions are the commitment of the award and the paid tranches.
func transactions(p *models.ExportProject) []transaction {
	var out []transaction
	var receiver *org
	if p.HostInstitution != nil {
		o := institutionOrg(*p.HostInstitution, "")
		receiver = &o
	}
	if p.AwardedMinor != nil {
		day := fallbackStart(p)
		switch {
		case p.DecidedAt != nil:
			day = models.DateOf(p.DecidedAt.UTC())
		case p.Agreement != nil:
			day = p.Agreement.SignedOn
		}
		out = append(out, transaction{Type: codeAttr{Code: "2"}, Date: dateAttr{ISODate: day.String()},
			Value:       iatiValue{ValueDate: day.String(), Amount: decimal(*p.AwardedMinor, p.Currency)},
			ReceiverOrg: receiver})
	}
	for i, pay := range p.Payments {
		out = append(out, transaction{Type: codeAttr{Code: "3"}, Date: dateAttr{ISODate: pay.PaidOn.String()},
			Value:       iatiValue{ValueDate: pay.PaidOn.String(), Amount: decimal(pay.AmountMinor, p.Currency)},
			Description: &textBlock{Narratives: narratives(trancheName(i+1), p.Lang)},
			ReceiverOrg: receiver})
	}
	return out
}
