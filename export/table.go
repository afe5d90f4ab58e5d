package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// TableOptions say how a table export reads: names and dates in the
// reader's language and time zone.
type TableOptions struct {
	Names    models.ExportNames
	Location *time.Location // submission and decision days; UTC when nil
}

type cellKind int

const (
	textCell cellKind = iota
	moneyCell
	intCell
	dateCell
)

// cell is one value of the table, typed so that CSV writes it as text and
// XLSX as a number or a date.
type cell struct {
	kind  cellKind
	text  string
	minor int64
	cur   string
	n     int
	date  *models.Date
	blank bool // money or date not given
}

// Columns are the table's header in the reader's language.
func Columns(ctx context.Context) []string {
	return []string{
		i18n.T(ctx, "export.col.code"), i18n.T(ctx, "export.col.title"), i18n.T(ctx, "export.col.type"),
		i18n.T(ctx, "export.col.state"), i18n.T(ctx, "export.col.stage"), i18n.T(ctx, "export.col.call"),
		i18n.T(ctx, "export.col.channel"), i18n.T(ctx, "export.col.lead_country"), i18n.T(ctx, "export.col.countries"),
		i18n.T(ctx, "export.col.discipline"), i18n.T(ctx, "export.col.pi"), i18n.T(ctx, "export.col.officer"),
		i18n.T(ctx, "export.col.currency"), i18n.T(ctx, "export.col.requested"), i18n.T(ctx, "export.col.awarded"),
		i18n.T(ctx, "export.col.disbursed"), i18n.T(ctx, "export.col.year"), i18n.T(ctx, "export.col.planned_start"),
		i18n.T(ctx, "export.col.planned_end"), i18n.T(ctx, "export.col.actual_start"), i18n.T(ctx, "export.col.actual_end"),
		i18n.T(ctx, "export.col.submitted"), i18n.T(ctx, "export.col.decided"),
	}
}

// widths are the XLSX column widths, in characters, in column order.
var widths = []float64{16, 48, 22, 18, 16, 18, 30, 20, 30, 30, 24, 24, 9, 15, 15, 15, 7, 12, 12, 12, 12, 12, 12}

// cells is a project's row.
func cells(ctx context.Context, p *models.ExportProject, o TableOptions) []cell {
	lang := string(i18n.LangOf(ctx))
	loc := o.Location
	if loc == nil {
		loc = time.UTC
	}
	text := func(s string) cell { return cell{kind: textCell, text: s} }
	money := func(m *int64) cell {
		if m == nil {
			return cell{kind: moneyCell, blank: true}
		}
		return cell{kind: moneyCell, minor: *m, cur: p.Currency}
	}
	date := func(d *models.Date) cell { return cell{kind: dateCell, date: d, blank: d == nil || d.IsZero()} }
	countries := make([]string, len(p.Countries))
	for i, c := range p.Countries {
		countries[i] = countryName(o.Names, c, lang)
	}
	var stage string
	if st := workflow.StageOf(p.State); st != "" {
		stage = i18n.T(ctx, st.LabelKey())
	}
	requested, disbursed := p.RequestedMinor, p.DisbursedMinor
	return []cell{
		text(p.Code), text(p.Title.In(lang)), text(i18n.T(ctx, "ptype."+string(p.Type))),
		text(i18n.T(ctx, p.State.LabelKey())), text(stage), text(p.CallCode),
		text(p.ChannelName.In(lang)), text(countryName(o.Names, p.LeadCountryISO2, lang)), text(strings.Join(countries, "; ")),
		text(o.Names.Disciplines[p.PrimaryDisciplineCode].In(lang)), text(p.PIName), text(p.OfficerName),
		text(p.Currency), money(&requested), money(p.AwardedMinor),
		money(&disbursed), {kind: intCell, n: p.Year}, date(p.PlannedStart),
		date(p.PlannedEnd), date(p.ActualStart), date(p.ActualEnd),
		date(dayIn(p.SubmittedAt, loc)), date(dayIn(p.DecidedAt, loc)),
	}
}

// CSV writes the projects as RFC 4180 CSV for spreadsheets: UTF-8 with a
// byte-order mark (so Excel reads the accents and Chinese right), CRLF line
// ends, amounts as decimal numbers in major units, dates as YYYY-MM-DD, and
// text cells that could start a formula neutralised.
func CSV(ctx context.Context, w io.Writer, src Source, o TableOptions) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(Columns(ctx)); err != nil {
		return err
	}
	record := make([]string, len(widths))
	err := src.Each(ctx, func(p *models.ExportProject) error {
		for i, c := range cells(ctx, p, o) {
			record[i] = c.csv()
		}
		return cw.Write(record)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func (c cell) csv() string {
	switch {
	case c.blank:
		return ""
	case c.kind == moneyCell:
		return decimal(c.minor, c.cur)
	case c.kind == intCell:
		return strconv.Itoa(c.n)
	case c.kind == dateCell:
		return isoDate(c.date)
	}
	return Neutralise(c.text, true)
}

// XLSX writes the projects as one worksheet with a frozen, bold header:
// amounts are numeric cells with a number format of the currency's
// decimals, dates are date cells, text cells that could start a formula
// are neutralised. excelize's stream writer keeps the rows on disk past a
// few megabytes, so memory stays bounded.
func XLSX(ctx context.Context, w io.Writer, src Source, o TableOptions) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := i18n.T(ctx, "export.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	moneyStyles := map[int]int{}
	moneyStyle := func(sc int) (int, error) {
		if id, ok := moneyStyles[sc]; ok {
			return id, nil
		}
		format := "#,##0"
		if sc > 0 {
			format += "." + strings.Repeat("0", sc)
		}
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		moneyStyles[sc] = id
		return id, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cols := Columns(ctx)
	row := make([]any, len(cols))
	for i, h := range cols {
		row[i] = excelize.Cell{StyleID: header, Value: h}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	n := 1
	err = src.Each(ctx, func(p *models.ExportProject) error {
		n++
		for i, c := range cells(ctx, p, o) {
			switch {
			case c.blank:
				row[i] = nil
			case c.kind == moneyCell:
				sc := scale(c.cur)
				id, err := moneyStyle(sc)
				if err != nil {
					return err
				}
				v, err := strconv.ParseFloat(decimal(c.minor, c.cur), 64)
				if err != nil {
					return err
				}
				row[i] = excelize.Cell{StyleID: id, Value: v}
			case c.kind == intCell:
				row[i] = c.n
			case c.kind == dateCell:
				row[i] = excelize.Cell{StyleID: dateStyle, Value: c.date.Time()}
			default:
				row[i] = Neutralise(c.text, false)
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "Puente", Title: sheet}); err != nil {
		return fmt.Errorf("export: unable to set the workbook's properties: %w", err)
	}
	_, err = f.WriteTo(w)
	return err
}

// countryName is a country's name in lang, or its code when unknown.
func countryName(n models.ExportNames, iso2, lang string) string {
	if iso2 == "" {
		return ""
	}
	if name := n.Countries[iso2].In(lang); name != "" {
		return name
	}
	return iso2
}
