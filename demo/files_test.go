package demo

import (
	"context"
	"io"
	"testing"

	"github.com/puente-science/puente/files"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// TestAttachFiles: applications waiting for an officer get a CV and a
// proposal that are real PDF files, stored and recorded as uploads are;
// drafts get none; a second run gives the next projects theirs.
func TestAttachFiles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		seeded(t, s)
		if _, err := Generate(ctx, s, Options{Projects: 60, Seed: 5, Now: testNow}); err != nil {
			t.Fatal(err)
		}
		fs := files.New(t.TempDir())
		n, err := AttachFiles(ctx, s, fs, 25, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if n != 50 {
			t.Fatalf("stored %d files, want 50", n)
		}
		var waiting []int64
		s.DB().Table("projects").Where("state IN ('submitted', 'in_review')").Order("id").Limit(5).Pluck("id", &waiting)
		if len(waiting) == 0 {
			t.Fatal("no application waiting in the demo")
		}
		for _, id := range waiting {
			got, err := s.ProjectAttachments(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[models.AttachmentKind]bool{}
			for _, a := range got {
				kinds[a.Kind] = true
				if a.ContentType != files.TypePDF || a.SizeBytes < 300 {
					t.Errorf("project %d: %s is %s, %d bytes", id, a.Filename, a.ContentType, a.SizeBytes)
				}
				f, err := fs.Open(a.StorageKey)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(f)
				f.Close()
				if int64(len(b)) != a.SizeBytes || string(b[:5]) != "%PDF-" || string(b[len(b)-6:]) != "%%EOF\n" {
					t.Errorf("project %d: %s on disk is not the recorded PDF", id, a.Filename)
				}
			}
			if !kinds[models.AttachmentCV] || !kinds[models.AttachmentProposal] {
				t.Errorf("project %d: files %v, want a CV and a proposal", id, kinds)
			}
		}
		var drafts int64
		s.DB().Table("attachments a").Joins("JOIN projects p ON p.id = a.project_id").Where("p.state = 'draft'").Count(&drafts)
		if drafts != 0 {
			t.Errorf("%d files on drafts", drafts)
		}
		if n, err := AttachFiles(ctx, s, fs, 25, testNow); err != nil || n != 50 {
			t.Errorf("second run: %d, %v", n, err)
		}
		var total int64
		s.DB().Model(&models.Attachment{}).Count(&total)
		if total != 100 {
			t.Errorf("%d files recorded after two runs, want 100", total)
		}
	})
}
