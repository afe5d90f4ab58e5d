package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/files"
	"github.com/puente-science/puente/handlers"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// appForm is a complete form for a type, with the institutions it names.
func appForm(t *testing.T, s *models.Store, typ models.ProjectType, version string) url.Values {
	t.Helper()
	own, partner, other := institutionIDs(t, s)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	f := url.Values{"version": {version}, "title_en": {"Mangroves and carbon"}, "summary_en": {"How mangroves store carbon."},
		"title_es": {"Manglares y carbono"}, "countries": {"BR", "CL", "CN"}, "lead": {"BR"},
		"disciplines": {"1.5", "1.6"}, "primary": {"1.6"}, "host": {id(own)}, "partners": {id(partner), id(other)},
		"budget_travel": {"12,500.50"}, "note_travel": {"Two field visits"}, "budget_equipment": {"3000"},
		"planned_start": {"2027-01-01"}, "planned_end": {"2028-12-31"}}
	add := func(kv ...string) {
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
	}
	switch typ {
	case models.TypeTalentExchange:
		add("career_level", "senior_scientist", "direction", "to_china", "te_host", id(own), "months", "12", "stipend", "4500.75")
	case models.TypeJointLab:
		add("lab_name", "Joint Molecular Lab", "lab_partner", id(partner), "co_directors", "Ana Pérez, Li Wei",
			"lab_facilities", "Two sequencers", "research_lines", "Plant genomics")
	case models.TypePlatform:
		add("site_country", "CL", "phase", "2", "platform_facilities", "A 1-metre telescope", "intl_org", "1")
	case models.TypeResearchProject:
		add("work_packages", "WP1 sampling; WP2 modelling", "expected_outputs", "Three co-authored papers")
	case models.TypeTechnologyTransfer:
		add("deliverables", "A 150 MeV linac", "contract_value", "1000000", "milestones", "Factory test; delivery")
	case models.TypeDialogue:
		add("format", "workshop", "participants", "Brazil 10, China 5", "starts_on", "2027-03-01", "ends_on", "2027-03-03")
	}
	return f
}

// typeValues are what the form shows of each type's fields once saved.
var typeValues = map[models.ProjectType][]string{
	models.TypeTalentExchange:     {`value="senior_scientist" selected`, `value="to_china" selected`, `value="12"`, `value="4500.75"`},
	models.TypeJointLab:           {`value="Joint Molecular Lab"`, "Ana Pérez, Li Wei", "Two sequencers", "Plant genomics"},
	models.TypePlatform:           {`value="CL" selected`, `value="2"`, "A 1-metre telescope", `name="intl_org" value="1" checked`},
	models.TypeResearchProject:    {"WP1 sampling; WP2 modelling", "Three co-authored papers"},
	models.TypeTechnologyTransfer: {"A 150 MeV linac", `value="1000000"`, "Factory test; delivery"},
	models.TypeDialogue:           {`value="workshop" selected`, "Brazil 10, China 5", `value="2027-03-01"`, `value="2027-03-03"`},
}

func TestApplicationSavesEveryType(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		own, partner, other := institutionIDs(t, s)
		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)
		for _, typ := range models.ProjectTypes {
			id := draftFixture(t, s, pi.ID, off.ID, typ)
			res := b.multipart(t, editURL(id), appForm(t, s, typ, "1"))
			if res.status != http.StatusSeeOther || res.header.Get("Location") != editURL(id)+"?notice=saved" {
				t.Fatalf("%s: save: %d %q", typ, res.status, res.header.Get("Location"))
			}
			page := b.get(t, res.header.Get("Location"))
			mustContain(t, page.body, append(typeValues[typ], msg("application.notice.saved"), `value="Mangroves and carbon"`,
				"How mangroves store carbon.", `value="Manglares y carbono"`, `value="12500.50"`, `value="3000"`,
				`value="Two field visits"`, `value="2027-01-01"`, `value="2028-12-31"`, `name="version" value="2"`,
				`id="f-lead-BR" name="lead" value="BR" checked`, `id="f-countries-CN" name="countries" value="CN" checked`,
				`id="f-primary-1.6" name="primary" value="1.6" checked`, `name="host"`,
				"15,500.50")...)
			a, err := s.ApplicationByID(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			p := a.Project
			if *p.LeadCountryISO2 != "BR" || *p.PrimaryDisciplineCode != "1.6" || *p.HostInstitutionID != own ||
				p.RequestedMinor != 1550050 || p.PlannedStart.String() != "2027-01-01" || p.Version != 2 ||
				len(a.Countries) != 3 || len(a.Disciplines) != 2 || len(a.Institutions) != 3 || len(a.Budget) != 2 {
				t.Errorf("%s: saved %+v, %d countries, %d disciplines, %d institutions, %d lines", typ, p,
					len(a.Countries), len(a.Disciplines), len(a.Institutions), len(a.Budget))
			}
			checkDetails(t, typ, a.Details, own, partner)

			// Saving again replaces the lists and keeps one lead.
			f := appForm(t, s, typ, "2")
			f["countries"], f["lead"], f["partners"] = []string{"CL"}, nil, []string{strconv.FormatInt(other, 10)}
			f.Del("budget_equipment")
			if res := b.multipart(t, editURL(id), f); res.status != http.StatusSeeOther {
				t.Fatalf("%s: second save: %d", typ, res.status)
			}
			a, _ = s.ApplicationByID(context.Background(), id)
			if *a.Project.LeadCountryISO2 != "CL" || len(a.Countries) != 1 || !a.Countries[0].Lead ||
				a.Project.RequestedMinor != 1250050 || len(a.Institutions) != 2 {
				t.Errorf("%s: after the second save: %+v %+v", typ, a.Project, a.Countries)
			}
		}
		var saved int64
		s.DB().Model(&models.AuditEntry{}).Where("action = ?", "project.saved").Count(&saved)
		if saved != int64(2*len(models.ProjectTypes)) {
			t.Errorf("%d save audit entries", saved)
		}
	})
}

func checkDetails(t *testing.T, typ models.ProjectType, d models.ApplicationDetails, own, partner int64) {
	t.Helper()
	ok := false
	switch typ {
	case models.TypeTalentExchange:
		x := d.TalentExchange
		ok = x != nil && *x.CareerLevel == models.CareerSeniorScientist && *x.Direction == models.DirectionToChina &&
			*x.HostInstitutionID == own && *x.Months == 12 && *x.StipendMinor == 450075
	case models.TypeJointLab:
		x := d.JointLab
		ok = x != nil && x.LabName == "Joint Molecular Lab" && *x.PartnerInstitutionID == partner && x.ResearchLines == "Plant genomics"
	case models.TypePlatform:
		x := d.Platform
		ok = x != nil && *x.SiteCountryISO2 == "CL" && *x.Phase == 2 && x.InternationalOrgStatus
	case models.TypeResearchProject:
		x := d.ResearchProject
		ok = x != nil && x.WorkPackages == "WP1 sampling; WP2 modelling" && x.ExpectedOutputs == "Three co-authored papers"
	case models.TypeTechnologyTransfer:
		x := d.TechnologyTransfer
		ok = x != nil && *x.ContractValueMinor == 100000000 && x.DeliveryMilestones == "Factory test; delivery"
	case models.TypeDialogue:
		x := d.Dialogue
		ok = x != nil && *x.Format == models.FormatWorkshop && x.StartsOn.String() == "2027-03-01" && x.EndsOn.String() == "2027-03-03"
	}
	if !ok {
		t.Errorf("%s: details %+v", typ, d)
	}
}

func TestApplicationMalformedKeepsInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)
		id := draftFixture(t, s, pi.ID, off.ID, models.TypeDialogue)
		f := appForm(t, s, models.TypeDialogue, "1")
		f.Set("budget_travel", "12,5x")
		f.Set("planned_end", "2026-12-31")
		f.Set("lead", "AR")
		f.Set("ends_on", "2027-02-30")
		f.Set("summary_en", "A summary I typed with care.")
		res := b.multipart(t, editURL(id), f, testFile{"file_cv", "cv.pdf", []byte(testPDF)})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("malformed save: %d", res.status)
		}
		mustContain(t, res.body, `id="error-summary"`, msg("application.error.money"), msg("application.error.end_before_start"),
			msg("application.error.lead"), msg("application.error.date"), msg("application.files.dropped"),
			`value="12,5x"`, "A summary I typed with care.", `value="Mangroves and carbon"`, `value="Manglares y carbono"`,
			`value="2026-12-31"`, `value="2027-02-30"`, "Brazil 10, China 5", `value="Two field visits"`,
			`id="f-countries-CL" name="countries" value="CL" checked`, `id="f-primary-1.6" name="primary" value="1.6" checked`)
		a, _ := s.ApplicationByID(context.Background(), id)
		if a.Project.Version != 1 || a.Project.Title.Get("en") != "Draft of dialogue" || len(a.Countries) != 0 ||
			len(a.Attachments) != 0 || a.Details.Dialogue != nil {
			t.Errorf("a refused save changed the application: %+v", a.Project)
		}

		// A stale form: 409, everything typed kept, the current version offered.
		if res := b.multipart(t, editURL(id), appForm(t, s, models.TypeDialogue, "1")); res.status != http.StatusSeeOther {
			t.Fatalf("save: %d", res.status)
		}
		f = appForm(t, s, models.TypeDialogue, "1")
		f.Set("title_en", "Typed on an old page")
		res = b.multipart(t, editURL(id), f)
		if res.status != http.StatusConflict {
			t.Fatalf("stale save: %d", res.status)
		}
		mustContain(t, res.body, msg("application.error.conflict"), `value="Typed on an old page"`, `name="version" value="2"`)
	})
}

// hostileEnv is an app whose uploads go to a directory the test watches.
func hostileEnv(t *testing.T, s *models.Store) (*testEnv, string) {
	dir := t.TempDir()
	e := newEnvWith(t, s, func(d *handlers.Deps) { d.Files = files.New(dir) })
	return e, dir
}

func storedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestHostileAttachmentsRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e, dir := hostileEnv(t, s)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)
		id := draftFixture(t, s, pi.ID, off.ID, models.TypeResearchProject)
		big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), handlers.MaxUploadBytes)...)
		for _, c := range []struct {
			name string
			file testFile
			want string
		}{
			{"renamed executable", testFile{"file_cv", "cv.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00")}, "application.file.error.program"},
			{"oversize", testFile{"file_proposal", "proposal.pdf", big}, "application.file.error.too_large"},
			{"path name", testFile{"file_letter", "../../etc/passwd", []byte("root:x:0:0:root:/root:/bin/sh\n")}, "application.file.error.name"},
			{"web page", testFile{"file_budget", "budget.pdf", []byte("<!DOCTYPE html><script>alert(1)</script>")}, "application.file.error.program"},
			{"unknown type", testFile{"file_letter", "letter.pdf", []byte("\x00\x01\x02binary")}, "application.file.error.type"},
		} {
			f := appForm(t, s, models.TypeResearchProject, "1")
			f.Set("summary_en", "Kept after "+c.name)
			res := b.multipart(t, editURL(id), f, testFile{"file_cv", "good-cv.pdf", []byte(testPDF)}, c.file)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: %d", c.name, res.status)
			}
			mustContain(t, res.body, msg(c.want), `id="f-`+c.file.field+`-error"`, msg("application.files.dropped"),
				"Kept after "+c.name, `value="Mangroves and carbon"`, "WP1 sampling; WP2 modelling", `value="12,500.50"`)
			var n int64
			s.DB().Model(&models.Attachment{}).Where("project_id = ?", id).Count(&n)
			if n != 0 {
				t.Errorf("%s: %d attachments recorded", c.name, n)
			}
			if left := storedFiles(t, dir); len(left) != 0 {
				t.Errorf("%s: files left on disk: %v", c.name, left)
			}
			if v := versionOf(t, s, id); v != "1" {
				t.Errorf("%s: the application was saved (version %s)", c.name, v)
			}
		}
	})
}

func TestAttachmentStoredAndDownloaded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e, dir := hostileEnv(t, s)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		rev := testUser(t, s, "rev@example.org", goodPassword, auth.Reviewer)
		testUser(t, s, "rev2@example.org", goodPassword, auth.Reviewer)
		testUser(t, s, "other@example.org", goodPassword, auth.Applicant)
		as := func(email string) *browser {
			b := e.browser()
			b.signIn(t, email, goodPassword)
			return b
		}
		b := as("pi@example.org")
		id := draftFixture(t, s, pi.ID, off.ID, models.TypeResearchProject)
		otherID := draftFixture(t, s, pi.ID, off.ID, models.TypeJointLab)
		assign(t, s, id, rev.ID, off.ID)
		res := b.multipart(t, editURL(id), appForm(t, s, models.TypeResearchProject, "1"),
			testFile{"file_cv", "Mi CV ü.pdf", []byte(testPDF)}, testFile{"file_letter", "carta.txt", []byte("Apoyo el proyecto.\n")},
			testFile{"file_letter", "carta2.csv", []byte("a,b\n1,2\n")})
		if res.status != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", res.status, res.body)
		}
		a, _ := s.ApplicationByID(context.Background(), id)
		if len(a.Attachments) != 3 {
			t.Fatalf("%d attachments", len(a.Attachments))
		}
		cv := a.Attachments[0]
		if cv.Kind != models.AttachmentCV || cv.Filename != "Mi CV ü.pdf" || cv.ContentType != files.TypePDF ||
			cv.SizeBytes != int64(len(testPDF)) || cv.UploadedBy != pi.ID || a.Attachments[1].ContentType != files.TypeText ||
			a.Attachments[2].ContentType != files.TypeCSV {
			t.Errorf("attachments: %+v", a.Attachments)
		}
		disk, err := os.ReadFile(filepath.Join(dir, cv.StorageKey[:2], cv.StorageKey))
		if err != nil || string(disk) != testPDF {
			t.Fatalf("stored file: %v", err)
		}
		if len(storedFiles(t, dir)) != 3 {
			t.Errorf("files on disk: %v", storedFiles(t, dir))
		}
		var added int64
		s.DB().Model(&models.AuditEntry{}).Where("project_id = ? AND action = ?", id, "attachment.added").Count(&added)
		if added != 3 {
			t.Errorf("%d attachment audit entries", added)
		}
		href := fmt.Sprintf("/projects/%d/attachments/%d", id, cv.ID)
		mustContain(t, b.get(t, editURL(id)).body, `href="`+href+`"`, "Mi CV ü.pdf")

		for _, who := range []string{"pi@example.org", "off@example.org", "rev@example.org"} {
			res := as(who).get(t, href)
			h := res.header
			if res.status != http.StatusOK || res.body != testPDF || h.Get("Content-Type") != "application/pdf" ||
				h.Get("Content-Disposition") != `attachment; filename="Mi CV _.pdf"; filename*=UTF-8''Mi%20CV%20%C3%BC.pdf` ||
				h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Security-Policy") != "sandbox" ||
				h.Get("Cache-Control") != "private, no-store" {
				t.Errorf("%s downloads: %d %v", who, res.status, h)
			}
		}
		for _, who := range []string{"rev2@example.org", "other@example.org"} {
			if res := as(who).get(t, href); res.status != http.StatusNotFound {
				t.Errorf("%s downloads: %d", who, res.status)
			}
		}
		if res := b.get(t, fmt.Sprintf("/projects/%d/attachments/%d", otherID, cv.ID)); res.status != http.StatusNotFound {
			t.Errorf("a file under another project's address: %d", res.status)
		}
		// The reviewer sees the files on the project page.
		mustContain(t, as("rev@example.org").get(t, fmt.Sprintf("/projects/%d", id)).body, `href="`+href+`"`)

		// Removing a file deletes it, on disk too; a new proposal replaces the old.
		f := appForm(t, s, models.TypeResearchProject, "2")
		f.Set("remove", strconv.FormatInt(cv.ID, 10))
		res = b.multipart(t, editURL(id), f, testFile{"file_proposal", "p1.pdf", []byte(testPDF)})
		if res.status != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.status)
		}
		res = b.multipart(t, editURL(id), appForm(t, s, models.TypeResearchProject, "3"), testFile{"file_proposal", "p2.pdf", []byte(testPDF + "v2")})
		if res.status != http.StatusSeeOther {
			t.Fatalf("replace: %d", res.status)
		}
		a, _ = s.ApplicationByID(context.Background(), id)
		var names []string
		for _, x := range a.Attachments {
			names = append(names, x.Filename)
		}
		if fmt.Sprint(names) != "[carta.txt carta2.csv p2.pdf]" || len(storedFiles(t, dir)) != 3 {
			t.Errorf("after remove and replace: %v, %d on disk", names, len(storedFiles(t, dir)))
		}
		if _, err := os.Stat(filepath.Join(dir, cv.StorageKey[:2], cv.StorageKey)); !os.IsNotExist(err) {
			t.Errorf("removed file still on disk: %v", err)
		}
	})
}
