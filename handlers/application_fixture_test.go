package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/puente-science/puente/files"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
)

// uploadStores remembers each test app's file store by its database, so a
// fixture can put real files where the app will look for them.
var uploadStores sync.Map // *models.Store → *files.Store

// filesFor is the file store of a test app on s, under its data directory.
func filesFor(s *models.Store, dataDir string) *files.Store {
	fs := files.New(filepath.Join(dataDir, "uploads"))
	uploadStores.Store(s, fs)
	return fs
}

func uploadStore(t *testing.T, s *models.Store) *files.Store {
	t.Helper()
	fs, ok := uploadStores.Load(s)
	if !ok {
		t.Fatal("no app was built on this store")
	}
	return fs.(*files.Store)
}

// esMsg is a message as a Spanish page shows it.
func esMsg(key string) string { return html.EscapeString(i18n.Default().Message(i18n.ES, key)) }

// testPDF is the smallest file the store accepts as a PDF.
const testPDF = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

// attachFile stores content in the app's file store and records it as an
// attachment of a project, as an upload would.
func attachFile(t *testing.T, s *models.Store, projectID, by int64, kind models.AttachmentKind, name, content string) models.Attachment {
	t.Helper()
	st, err := uploadStore(t, s).Save(strings.NewReader(content), 1<<20, name)
	if err != nil {
		t.Fatal(err)
	}
	a := models.Attachment{ProjectID: projectID, Kind: kind, Filename: name, StorageKey: st.Key, ContentType: st.ContentType,
		SizeBytes: st.Size, SHA256: st.SHA256, UploadedBy: by, CreatedAt: fixedNow}
	if err := s.DB().Create(&a).Error; err != nil {
		t.Fatal(err)
	}
	return a
}

// draftFixture starts an application of a type to a fresh open call that
// funds every type, owned by pi, through the store's Apply.
func draftFixture(t *testing.T, s *models.Store, pi, officer int64, typ models.ProjectType) int64 {
	t.Helper()
	c := appCall(t, s, officer, models.CallPublished, models.ProjectTypes...)
	id, existing, err := s.Apply(context.Background(), models.ApplyInput{CallID: c.ID, Type: typ, Title: "Draft of " + string(typ),
		Lang: "en", PIUserID: pi, Now: fixedNow})
	if err != nil || existing {
		t.Fatalf("apply: %v (existing %v)", err, existing)
	}
	return id
}

var appCallSeq atomic.Int64

// appCall is a call open at fixedNow (unless a draft) funding the given
// types, capped at 250 000.00 in its channel's currency.
func appCall(t *testing.T, s *models.Store, by int64, status models.CallStatus, types ...models.ProjectType) *models.Call {
	t.Helper()
	chans, err := s.CallChannels(context.Background())
	if err != nil || len(chans) == 0 {
		t.Fatalf("channels: %v", err)
	}
	c := models.Call{ChannelID: chans[0].ID, Code: fmt.Sprintf("APP-%d", appCallSeq.Add(1)), OpensAt: fixedNow.AddDate(0, 0, -3),
		ClosesAt: fixedNow.AddDate(0, 0, 12), TimeZone: "UTC", BudgetCapMinor: 25_000_000, Currency: chans[0].Currency,
		MinReviews: 1, ReportFrequencyMonths: 6, Status: status, CreatedBy: by, CreatedAt: fixedNow, UpdatedAt: fixedNow, Version: 1}
	c.Title.Set("en", "Call for "+c.Code)
	if err := s.DB().Omit("published_at").Create(&c).Error; err != nil {
		t.Fatal(err)
	}
	for _, pt := range types {
		if err := s.DB().Create(&models.CallProjectType{CallID: c.ID, ProjectType: pt}).Error; err != nil {
			t.Fatal(err)
		}
	}
	return &c
}

func editURL(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) + "/edit" }

// testFile is one file of a multipart post.
type testFile struct {
	field, name string
	content     []byte
}

// multipart posts a form with files and the browser's CSRF token.
func (b *browser) multipart(t *testing.T, path string, fields url.Values, uploads ...testFile) response {
	t.Helper()
	if b.token == "" {
		b.get(t, "/")
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if _, ok := fields["_csrf"]; !ok {
		w.WriteField("_csrf", b.token)
	}
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for _, f := range uploads {
		part, err := w.CreateFormFile(f.field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(f.content)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.send(t, req)
}

// versionOf reads the version a form carries.
func versionOf(t *testing.T, s *models.Store, id int64) string {
	t.Helper()
	var p models.Project
	if err := s.DB().Select("version").Take(&p, id).Error; err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(p.Version)
}

// ownInstitute and partnerInstitution are seeded institutions the forms pick.
func institutionIDs(t *testing.T, s *models.Store) (own, partner, other int64) {
	t.Helper()
	var insts []models.Institution
	if err := s.DB().Order("id").Find(&insts).Error; err != nil {
		t.Fatal(err)
	}
	for _, in := range insts {
		switch {
		case in.OwnInstitute && own == 0:
			own = in.ID
		case !in.OwnInstitute && partner == 0:
			partner = in.ID
		case !in.OwnInstitute && other == 0:
			other = in.ID
		}
	}
	if own == 0 || partner == 0 || other == 0 {
		t.Fatal("seed lacks institutions")
	}
	return
}
