package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/export"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

const exportUsage = `Usage: puente export iati|csv|xlsx|360giving [--out FILE] [filters]

Writes the portfolio, or the part the filters select, to standard output or
to FILE:
  csv        the project list as CSV (UTF-8 with BOM, CRLF), for spreadsheets
  xlsx       the project list as an Excel workbook
  iati       IATI 2.03 activity XML of approved and later projects
  360giving  360Giving JSON of awarded projects

Filters take the values of the /projects address; repeat --state for several.
The reporting organisation comes from PUENTE_IATI_ORG_REF, PUENTE_IATI_ORG_TYPE
and PUENTE_IATI_ORG_NAME; grant identifiers from PUENTE_360_PREFIX.

Flags:
`

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// exportCommand writes one of the exports.
func exportCommand(args []string, getenv config.Getenv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, exportUsage)
		fs.PrintDefaults()
	}
	out := fs.String("out", "", "write to `FILE` instead of standard output")
	lang := fs.String("lang", "en", "language of the table headers and names: en, es, pt or zh")
	var states stringList
	fs.Var(&states, "state", "workflow `state` (repeatable), e.g. active")
	stage := fs.String("stage", "", "stage group: proposal, approval, implementation or closed")
	ptype := fs.String("type", "", "project type, e.g. joint_lab")
	country := fs.String("country", "", "ISO 3166 alpha-2 code of a project country, e.g. BR")
	discipline := fs.String("discipline", "", "FORD discipline code, e.g. 1.6 (a field includes its subfields)")
	call := fs.Int64("call", 0, "call id")
	channel := fs.Int64("channel", 0, "funding channel id")
	institution := fs.Int64("institution", 0, "partner or host institution id")
	priority := fs.Int64("priority", 0, "priority area id")
	yearFrom := fs.Int("year-from", 0, "first portfolio year")
	yearTo := fs.Int("year-to", 0, "last portfolio year")
	query := fs.String("q", "", "part of the code or title")
	sort := fs.String("sort", "code", "order: "+strings.Join(models.ProjectSortKeys, ", "))
	desc := fs.Bool("desc", false, "descending order")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := fs.Parse(args); err != nil {
			return flagError(err)
		}
		return usageError{"export needs a format: iati, csv, xlsx or 360giving (run 'puente export --help')"}
	}
	format := args[0]
	if !slices.Contains([]string{"iati", "csv", "xlsx", "360giving"}, format) {
		return usageError{fmt.Sprintf("unknown export format %q: iati, csv, xlsx or 360giving", format)}
	}
	if err := fs.Parse(args[1:]); err != nil {
		return flagError(err)
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q (run 'puente export --help')", fs.Arg(0))}
	}
	l, ok := i18n.Parse(*lang)
	if !ok {
		return usageError{fmt.Sprintf("--lang must be en, es, pt or zh, not %q", *lang)}
	}
	f := models.ProjectFilter{Type: models.ProjectType(*ptype), Country: strings.ToUpper(*country), Discipline: *discipline,
		CallID: *call, ChannelID: *channel, InstitutionID: *institution, PriorityAreaID: *priority,
		YearFrom: *yearFrom, YearTo: *yearTo, Query: *query, Sort: *sort, Desc: *desc, Lang: string(l)}
	for _, s := range states {
		st := workflow.State(s)
		if !st.Valid() {
			return usageError{fmt.Sprintf("--state %q is not a workflow state", s)}
		}
		f.States = append(f.States, st)
	}
	if *stage != "" {
		if !slices.Contains(workflow.Stages, workflow.Stage(*stage)) {
			return usageError{fmt.Sprintf("--stage %q is not proposal, approval, implementation or closed", *stage)}
		}
		f.Stage = workflow.Stage(*stage)
	}
	if f.Type != "" && !f.Type.Valid() {
		return usageError{fmt.Sprintf("--type %q is not a project type", *ptype)}
	}
	if !slices.Contains(models.ProjectSortKeys, f.Sort) {
		return usageError{fmt.Sprintf("--sort %q is not one of %s", f.Sort, strings.Join(models.ProjectSortKeys, ", "))}
	}
	for _, y := range []int{f.YearFrom, f.YearTo} {
		if y != 0 && (y < 1900 || y > 2200) {
			return usageError{fmt.Sprintf("year %d is out of range (1900-2200)", y)}
		}
	}

	ctx := context.Background()
	env, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer env.close()
	if err := env.migrateUp(ctx, nil); err != nil {
		return err
	}
	opts, err := env.store.ProjectListOptions(ctx, true)
	if err != nil {
		return err
	}
	if err := checkExportFilter(f, opts); err != nil {
		return err
	}
	names := models.ExportNames{Countries: map[string]models.Localized{}, Disciplines: map[string]models.Localized{}}
	for _, c := range opts.Countries {
		names.Countries[c.ISO2] = c.Name
	}
	for _, d := range opts.Disciplines {
		names.Disciplines[d.Value] = d.Name
	}

	src := env.store.EmptyExport()
	standard := format == "iati" || format == "360giving"
	if pf, ok := export.PublishedFilter(f); !standard || ok {
		if standard {
			f = pf
		}
		if src, err = env.store.ProjectExport(ctx, models.ProjectScope{All: true}, f, standard); err != nil {
			return err
		}
	}
	if format == "iati" && src.Len() == 0 {
		fmt.Fprintln(stderr, "puente: no approved or later project matches; the IATI file holds no activity (IATI requires one)")
	}

	w, finish, err := exportOutput(*out, stdout)
	if err != nil {
		return err
	}
	lctx := i18n.WithLocalizer(ctx, i18n.Localizer{Lang: l, Catalog: i18n.Default()})
	pub := export.PublisherFrom(env.cfg)
	switch format {
	case "csv":
		err = export.CSV(lctx, w, src, export.TableOptions{Names: names})
	case "xlsx":
		err = export.XLSX(lctx, w, src, export.TableOptions{Names: names})
	case "iati":
		err = export.IATI(lctx, w, src, pub, names, time.Now())
	case "360giving":
		err = export.Giving360(lctx, w, src, pub, names)
	}
	if err = finish(err); err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(stderr, "wrote %d projects to %s\n", src.Len(), *out)
	}
	return nil
}

// checkExportFilter refuses filter values that name nothing known, as the
// /projects address would silently drop them: a script should hear of it.
func checkExportFilter(f models.ProjectFilter, o models.ProjectListOptions) error {
	if f.Country != "" && !slices.ContainsFunc(o.Countries, func(c models.NamedCountry) bool { return c.ISO2 == f.Country }) {
		return usageError{fmt.Sprintf("--country %q is not a known country code", f.Country)}
	}
	if f.Discipline != "" && !slices.ContainsFunc(o.Disciplines, func(d models.ListOption) bool { return d.Value == f.Discipline }) {
		return usageError{fmt.Sprintf("--discipline %q is not a FORD code", f.Discipline)}
	}
	for _, c := range []struct {
		flag string
		id   int64
		opts []models.ListOption
	}{{"call", f.CallID, o.Calls}, {"channel", f.ChannelID, o.Channels}, {"priority", f.PriorityAreaID, o.PriorityAreas}} {
		v := strconv.FormatInt(c.id, 10)
		if c.id != 0 && !slices.ContainsFunc(c.opts, func(x models.ListOption) bool { return x.Value == v }) {
			return usageError{fmt.Sprintf("--%s %d is not a known id", c.flag, c.id)}
		}
	}
	if f.InstitutionID != 0 && !slices.ContainsFunc(o.Institutions, func(i models.NamedInstitution) bool { return i.ID == f.InstitutionID }) {
		return usageError{fmt.Sprintf("--institution %d is not a known id", f.InstitutionID)}
	}
	return nil
}

// exportOutput is standard output, or a file written beside FILE and
// renamed into place when complete, so a failed export leaves no half file.
func exportOutput(path string, stdout io.Writer) (io.Writer, func(error) error, error) {
	if path == "" {
		return stdout, func(err error) error { return err }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, usageError{fmt.Sprintf("cannot write %s: %v", path, err)}
	}
	return tmp, func(err error) error {
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			_ = os.Remove(tmp.Name())
			return errors.Join(fmt.Errorf("export to %s failed", path), err)
		}
		return nil
	}, nil
}
