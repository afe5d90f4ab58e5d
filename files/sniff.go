package files

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"
)

// Content types Puente accepts, by what the bytes say.
const (
	TypePDF  = "application/pdf"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	TypeODT  = "application/vnd.oasis.opendocument.text"
	TypeODS  = "application/vnd.oasis.opendocument.spreadsheet"
	TypeText = "text/plain; charset=utf-8"
	TypeCSV  = "text/csv; charset=utf-8"
)

// Extensions maps each accepted type to its usual extension.
var Extensions = map[string]string{
	TypePDF: "pdf", TypePNG: "png", TypeJPEG: "jpg", TypeDOCX: "docx", TypeXLSX: "xlsx",
	TypePPTX: "pptx", TypeODT: "odt", TypeODS: "ods", TypeText: "txt", TypeCSV: "csv",
}

// programMagic are the first bytes of executables and scripts, refused
// whatever the file is called.
var programMagic = [][]byte{
	[]byte("MZ"),               // Windows PE
	[]byte("\x7fELF"),          // Linux, BSD
	[]byte("\xfe\xed\xfa\xce"), // Mach-O 32
	[]byte("\xfe\xed\xfa\xcf"), // Mach-O 64
	[]byte("\xce\xfa\xed\xfe"), // Mach-O 32, little-endian
	[]byte("\xcf\xfa\xed\xfe"), // Mach-O 64, little-endian
	[]byte("\xca\xfe\xba\xbe"), // Mach-O universal, Java class
	[]byte("#!"),               // scripts
	[]byte("\x00asm"),          // WebAssembly
}

// markup are openings of documents a browser would run or render.
var markup = []string{"<!doctype", "<html", "<head", "<body", "<script", "<svg", "<?xml", "<iframe", "<object", "<embed"}

// sniff tells the type of the n bytes in f from its content alone. The
// name only separates CSV from plain text, both harmless.
func sniff(f io.ReaderAt, n int64, nameHint string) (contentType, ext string, err error) {
	head := make([]byte, min(n, 4096))
	if _, err := f.ReadAt(head, 0); err != nil && err != io.EOF {
		return "", "", err
	}
	for _, m := range programMagic {
		if bytes.HasPrefix(head, m) {
			return "", "", ErrExecutable
		}
	}
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF, "pdf", nil
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG, "png", nil
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return TypeJPEG, "jpg", nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		ct := sniffZip(f, n)
		if ct == "" {
			return "", "", ErrType
		}
		return ct, Extensions[ct], nil
	}
	return sniffText(f, n, head, nameHint)
}

// sniffZip recognises office documents: Office Open XML by its
// [Content_Types].xml and main folder, OpenDocument by its mimetype entry.
func sniffZip(f io.ReaderAt, n int64) string {
	z, err := zip.NewReader(f, n)
	if err != nil {
		return ""
	}
	var contentTypes bool
	folders := map[string]bool{}
	for i, e := range z.File {
		if i == 0 && e.Name == "mimetype" && e.UncompressedSize64 < 100 {
			if ct := openDocumentType(e); ct != "" {
				return ct
			}
		}
		if e.Name == "[Content_Types].xml" {
			contentTypes = true
		}
		if top, _, ok := strings.Cut(e.Name, "/"); ok {
			folders[top] = true
		}
	}
	if !contentTypes {
		return ""
	}
	switch {
	case folders["word"]:
		return TypeDOCX
	case folders["xl"]:
		return TypeXLSX
	case folders["ppt"]:
		return TypePPTX
	}
	return ""
}

func openDocumentType(e *zip.File) string {
	r, err := e.Open()
	if err != nil {
		return ""
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, 100))
	if err != nil {
		return ""
	}
	switch string(bytes.TrimSpace(b)) {
	case TypeODT:
		return TypeODT
	case TypeODS:
		return TypeODS
	}
	return ""
}

// sniffText accepts plain text and CSV: valid UTF-8, no NUL, and nothing
// a browser would treat as a page or an image.
func sniffText(f io.ReaderAt, n int64, head []byte, nameHint string) (string, string, error) {
	body := make([]byte, n)
	if _, err := f.ReadAt(body, 0); err != nil && err != io.EOF {
		return "", "", err
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0 {
		return "", "", ErrType
	}
	switch detected := http.DetectContentType(head); {
	case strings.HasPrefix(detected, "text/html"), strings.HasPrefix(detected, "text/xml"):
		return "", "", ErrExecutable
	}
	lower := strings.ToLower(string(body[:min(len(body), 8192)]))
	for _, m := range markup {
		if strings.Contains(lower, m) {
			return "", "", ErrExecutable
		}
	}
	if strings.EqualFold(path.Ext(cleanSeparators(nameHint)), ".csv") {
		return TypeCSV, "csv", nil
	}
	return TypeText, "txt", nil
}
