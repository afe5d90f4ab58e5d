package handlers

import (
	"errors"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/files"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// MaxUploadBytes caps one uploaded file.
const MaxUploadBytes = 10 << 20

// fileInputs are the form's file fields and the kind of file each holds.
// A new proposal or budget replaces the old one; CVs and letters add up.
var fileInputs = []struct {
	name     string
	kind     models.AttachmentKind
	replaces bool
}{
	{"file_proposal", models.AttachmentProposal, true},
	{"file_cv", models.AttachmentCV, false},
	{"file_budget", models.AttachmentBudget, true},
	{"file_letter", models.AttachmentLetter, false},
}

// saveApplication saves the whole form. A malformed value or a refused
// file brings the form back, 422, with everything typed and nothing saved;
// a form loaded before another change, 409 with everything typed.
func (h *Handler) saveApplication(c *fiber.Ctx) error {
	a, err := h.loadApplication(c)
	if err != nil {
		return err
	}
	if !a.Editable() {
		return render(c.Status(fiber.StatusForbidden), pages.ApplicationLocked(a.Project.ID, a.Project.State))
	}
	ctx := c.UserContext()
	v := pages.ApplicationFormView{Errors: map[string]string{}}
	readApplicationForm(c, &v)
	v.Lang, v.Currency = a.Project.Lang, a.Project.Currency
	ch, err := h.applicationOptions(ctx, &v)
	if err != nil {
		return err
	}
	in := validateApplication(&v, a.Project.Type, ch)
	uploads := postedFiles(c)
	if len(v.Errors) > 0 {
		v.FilesDropped = len(uploads) > 0
		return h.rerenderApplication(c, &v, a, fiber.StatusUnprocessableEntity)
	}
	if !h.checkFileCount(&v, a, &in, uploads) {
		return h.rerenderApplication(c, &v, a, fiber.StatusUnprocessableEntity)
	}
	if in.Add, err = h.storeUploads(c, &v, uploads); err != nil {
		return err
	}
	if len(v.Errors) > 0 {
		v.FilesDropped = true
		return h.rerenderApplication(c, &v, a, fiber.StatusUnprocessableEntity)
	}
	m := meta(c)
	uid := currentUser(c).UserID
	audit := models.AuditEntry{At: h.Now(), ActorID: &uid, IP: &m.IP, RequestID: &m.RequestID}
	removed, err := h.Store.SaveApplication(ctx, a.Project.ID, v.Version, in, audit)
	if err != nil {
		h.discard(in.Add)
	}
	switch {
	case errors.Is(err, models.ErrConflict):
		fresh, lerr := h.Store.ApplicationByID(ctx, a.Project.ID)
		if lerr != nil {
			return lerr
		}
		if !fresh.Editable() {
			return render(c.Status(fiber.StatusForbidden), pages.ApplicationLocked(fresh.Project.ID, fresh.Project.State))
		}
		// The form now carries the current version: saving again replaces
		// the other change knowingly.
		v.Conflict, v.Version, v.FilesDropped = true, fresh.Project.Version, len(uploads) > 0
		return h.rerenderApplication(c, &v, fresh, fiber.StatusConflict)
	case errors.Is(err, models.ErrTooManyAttachments):
		v.Errors["attachments"], v.FilesDropped = "application.error.too_many_files", true
		return h.rerenderApplication(c, &v, a, fiber.StatusUnprocessableEntity)
	case err != nil:
		return err
	}
	h.discardKeys(removed)
	if formString(c, "op") == "search" {
		return c.Redirect(applicationPath(a.Project.ID)+"?inst_q="+url.QueryEscape(v.InstQ)+"#s-institutions", fiber.StatusSeeOther)
	}
	return c.Redirect(applicationPath(a.Project.ID)+"?notice=saved", fiber.StatusSeeOther)
}

func (h *Handler) rerenderApplication(c *fiber.Ctx, v *pages.ApplicationFormView, a *models.Application, status int) error {
	if err := h.fillApplication(c, v, a); err != nil {
		return err
	}
	return render(c.Status(status), pages.ApplicationForm(*v))
}

// upload is one posted file and the kind it is for.
type upload struct {
	input string
	kind  models.AttachmentKind
	file  *multipart.FileHeader
}

// postedFiles lists the files of a multipart post; a plain form has none.
func postedFiles(c *fiber.Ctx) []upload {
	mf, err := c.MultipartForm()
	if err != nil || mf == nil {
		return nil
	}
	var out []upload
	for _, in := range fileInputs {
		for _, fh := range mf.File[in.name] {
			if fh.Filename == "" && fh.Size == 0 {
				continue // an empty file input
			}
			out = append(out, upload{input: in.name, kind: in.kind, file: fh})
		}
	}
	return out
}

// checkFileCount refuses a post that would leave more files than allowed,
// after removing what is ticked and what new files replace.
func (h *Handler) checkFileCount(v *pages.ApplicationFormView, a *models.Application, in *models.ApplicationInput, uploads []upload) bool {
	replaced := map[models.AttachmentKind]bool{}
	for _, u := range uploads {
		for _, fi := range fileInputs {
			if fi.name == u.input && fi.replaces {
				replaced[u.kind] = true
			}
		}
	}
	remove := map[int64]bool{}
	for _, id := range in.Remove {
		remove[id] = true
	}
	kept := 0
	for _, att := range a.Attachments {
		if replaced[att.Kind] && !remove[att.ID] {
			in.Remove = append(in.Remove, att.ID)
			remove[att.ID] = true
		}
		if !remove[att.ID] {
			kept++
		}
	}
	if kept+len(uploads) > models.MaxAttachments {
		v.Errors["attachments"], v.FilesDropped = "application.error.too_many_files", len(uploads) > 0
		return false
	}
	for _, fi := range fileInputs {
		n := 0
		for _, u := range uploads {
			if u.input == fi.name {
				n++
			}
		}
		if fi.replaces && n > 1 {
			v.Errors[fi.name], v.FilesDropped = "application.error.one_file", true
			return false
		}
	}
	return true
}

// storeUploads stores every posted file, or none: a refused file puts its
// reason next to its field, and the files already stored are deleted.
func (h *Handler) storeUploads(c *fiber.Ctx, v *pages.ApplicationFormView, uploads []upload) ([]models.Attachment, error) {
	uid := currentUser(c).UserID
	var out []models.Attachment
	for _, u := range uploads {
		st, err := h.storeUpload(u.file)
		if key := uploadErrorKey(err); key != "" {
			if v.Errors[u.input] == "" {
				v.Errors[u.input] = key
			}
			continue
		}
		if err != nil {
			h.discard(out)
			return nil, err
		}
		out = append(out, models.Attachment{Kind: u.kind, Filename: files.CleanName(u.file.Filename, st.Ext),
			StorageKey: st.Key, ContentType: st.ContentType, SizeBytes: st.Size, SHA256: st.SHA256, UploadedBy: uid})
	}
	if len(v.Errors) > 0 {
		h.discard(out)
		return nil, nil
	}
	return out, nil
}

// errPathName refuses a file whose name carries folders ("../../etc/passwd"):
// browsers send bare names, so such a name was crafted.
var errPathName = errors.New("handlers: file name with a path")

func (h *Handler) storeUpload(fh *multipart.FileHeader) (files.Stored, error) {
	// The multipart reader already cut the name to its base; the header
	// keeps what the client sent.
	if _, params, err := mime.ParseMediaType(fh.Header.Get("Content-Disposition")); err == nil &&
		strings.ContainsAny(params["filename"], `/\`) {
		return files.Stored{}, errPathName
	}
	if strings.ContainsAny(fh.Filename, `/\`) {
		return files.Stored{}, errPathName
	}
	if fh.Size > MaxUploadBytes {
		return files.Stored{}, files.ErrTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return files.Stored{}, err
	}
	defer f.Close()
	return h.Files.Save(f, MaxUploadBytes, fh.Filename)
}

// uploadErrorKey is the message of a refused file, "" for other errors.
func uploadErrorKey(err error) string {
	switch {
	case errors.Is(err, errPathName):
		return "application.file.error.name"
	case errors.Is(err, files.ErrTooLarge):
		return "application.file.error.too_large"
	case errors.Is(err, files.ErrEmpty):
		return "application.file.error.empty"
	case errors.Is(err, files.ErrExecutable):
		return "application.file.error.program"
	case errors.Is(err, files.ErrType):
		return "application.file.error.type"
	}
	return ""
}

// discard deletes stored files that were not kept after all.
func (h *Handler) discard(atts []models.Attachment) {
	keys := make([]string, len(atts))
	for i, a := range atts {
		keys[i] = a.StorageKey
	}
	h.discardKeys(keys)
}

func (h *Handler) discardKeys(keys []string) {
	for _, k := range keys {
		if err := h.Files.Delete(k); err != nil {
			h.Log.Warn("unable to delete an upload", slog.String("error", err.Error()))
		}
	}
}
