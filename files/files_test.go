package files_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/puente-science/puente/files"
)

func zipOf(t *testing.T, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		f, err := w.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(entries[i+1]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSaveSniffs(t *testing.T) {
	ct := `<?xml version="1.0"?><Types/>`
	cases := []struct {
		name    string
		body    []byte
		want    string
		wantErr error
	}{
		{"cv.pdf", []byte("%PDF-1.7\n1 0 obj\n"), files.TypePDF, nil},
		{"photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), files.TypePNG, nil},
		{"photo.jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), files.TypeJPEG, nil},
		{"cv.docx", zipOf(t, "[Content_Types].xml", ct, "word/document.xml", "<w/>"), files.TypeDOCX, nil},
		{"budget.xlsx", zipOf(t, "[Content_Types].xml", ct, "xl/workbook.xml", "<x/>"), files.TypeXLSX, nil},
		{"talk.pptx", zipOf(t, "[Content_Types].xml", ct, "ppt/presentation.xml", "<p/>"), files.TypePPTX, nil},
		{"cv.odt", zipOf(t, "mimetype", files.TypeODT, "content.xml", "<o/>"), files.TypeODT, nil},
		{"budget.ods", zipOf(t, "mimetype", files.TypeODS, "content.xml", "<o/>"), files.TypeODS, nil},
		{"notes.txt", []byte("Plan de trabajo: año 1\n"), files.TypeText, nil},
		{"budget.csv", []byte("category,amount\ntravel,100\n"), files.TypeCSV, nil},
		{"archive.zip", zipOf(t, "a.txt", "hello"), "", files.ErrType},
		{"cv.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), "", files.ErrExecutable},
		{"cv.pdf", []byte("\x7fELF\x02\x01\x01"), "", files.ErrExecutable},
		{"cv.pdf", []byte("\xcf\xfa\xed\xfe\x07\x00"), "", files.ErrExecutable},
		{"cv.txt", []byte("#!/bin/sh\nrm -rf /\n"), "", files.ErrExecutable},
		{"cv.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), "", files.ErrExecutable},
		{"logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "", files.ErrExecutable},
		{"notes.txt", []byte("Some text then <script>alert(1)</script>"), "", files.ErrExecutable},
		{"notes.txt", []byte("text\x00with NUL"), "", files.ErrType},
		{"latin1.txt", []byte("caf\xe9"), "", files.ErrType},
		{"fake.docx", zipOf(t, "word/document.xml", "<w/>"), "", files.ErrType},
		{"empty.pdf", nil, "", files.ErrEmpty},
	}
	dir := t.TempDir()
	st := files.New(dir)
	for _, c := range cases {
		got, err := st.Save(bytes.NewReader(c.body), 1<<20, c.name)
		if !errors.Is(err, c.wantErr) {
			t.Errorf("%s %q: err %v, want %v", c.name, c.body[:min(len(c.body), 8)], err, c.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if got.ContentType != c.want {
			t.Errorf("%s: type %q, want %q", c.name, got.ContentType, c.want)
		}
		sum := sha256.Sum256(c.body)
		if got.SHA256 != hex.EncodeToString(sum[:]) || got.Size != int64(len(c.body)) {
			t.Errorf("%s: sha %s size %d", c.name, got.SHA256, got.Size)
		}
	}
	assertOnlyStored(t, dir, 10)
}

// assertOnlyStored checks the store holds exactly n files, each under a
// random name in its two-digit folder, with no temporary file left behind.
func assertOnlyStored(t *testing.T, dir string, n int) {
	t.Helper()
	name := regexp.MustCompile(`^([0-9a-f]{2})/([0-9a-f]{32})$`)
	count := 0
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m := name.FindStringSubmatch(filepath.ToSlash(rel))
		if m == nil || !strings.HasPrefix(m[2], m[1]) {
			t.Errorf("unexpected file %s", rel)
		}
		if info.Mode().Perm() != 0o640 {
			t.Errorf("%s has mode %v", rel, info.Mode().Perm())
		}
		count++
		return nil
	})
	if count != n {
		t.Errorf("%d files stored, want %d", count, n)
	}
}

func TestSizeLimitWhileStreaming(t *testing.T) {
	dir := t.TempDir()
	st := files.New(dir)
	// An endless PDF: the store must stop reading past the limit.
	endless := io.MultiReader(strings.NewReader("%PDF-1.4\n"), neverEnding('x'))
	if _, err := st.Save(endless, 1024, "big.pdf"); !errors.Is(err, files.ErrTooLarge) {
		t.Fatalf("endless upload: %v", err)
	}
	body := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 1024-9)...)
	if _, err := st.Save(bytes.NewReader(body), 1024, "exact.pdf"); err != nil {
		t.Fatalf("exactly at the limit: %v", err)
	}
	assertOnlyStored(t, dir, 1)
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestOpenDelete(t *testing.T) {
	st := files.New(t.TempDir())
	got, err := st.Save(strings.NewReader("%PDF-1.4 hello"), 1<<10, "a.pdf")
	if err != nil {
		t.Fatal(err)
	}
	f, err := st.Open(got.Key)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "%PDF-1.4 hello" {
		t.Errorf("read back %q", b)
	}
	for _, bad := range []string{"../../etc/passwd", "", got.Key[:10], strings.ToUpper(got.Key), got.Key + "/.."} {
		if _, err := st.Open(bad); !errors.Is(err, files.ErrBadKey) {
			t.Errorf("Open(%q): %v", bad, err)
		}
	}
	if err := st.Delete(got.Key); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(got.Key); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
	if _, err := st.Open(got.Key); err == nil {
		t.Error("deleted file still opens")
	}
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("á", 200) + ".pdf"
	cases := map[[2]string]string{
		{"cv.pdf", "pdf"}:                      "cv.pdf",
		{"../../etc/passwd", "txt"}:            "passwd.txt",
		{`C:\Users\ana\My CV.PDF`, "pdf"}:      "My CV.PDF",
		{"..", "pdf"}:                          "file.pdf",
		{"", "png"}:                            "file.png",
		{"/", "png"}:                           "file.png",
		{"cv\u202efdp.exe", "pdf"}:             "cvfdp.exe.pdf",
		{"a\x00b\nc.txt", "txt"}:               "abc.txt",
		{"photo.jpeg", "jpg"}:                  "photo.jpeg",
		{"report", "docx"}:                     "report.docx",
		{"..\\..\\windows\\system.ini", "txt"}: "system.ini.txt",
		{" .hidden.pdf ", "pdf"}:               "hidden.pdf",
	}
	for in, want := range cases {
		if got := files.CleanName(in[0], in[1]); got != want {
			t.Errorf("CleanName(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
	got := files.CleanName(long, "pdf")
	if r := []rune(got); len(r) != 150 || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("long name: %d runes, %q…", len(r), got[len(got)-8:])
	}
}
