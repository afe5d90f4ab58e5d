package handlers

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
)

// downloadAttachment sends one file of a project to whoever may read the
// project (others get 404), always as a download under its sniffed type,
// so a browser never renders it as a page of this site.
func (h *Handler) downloadAttachment(c *fiber.Ctx) error {
	p, err := h.loadProject(c)
	if err != nil {
		return err
	}
	if !permOf(c).Can(auth.DownloadAttachment, projectRecord(p)) {
		return h.deny(c)
	}
	aid, err := strconv.ParseInt(c.Params("aid"), 10, 64)
	if err != nil || aid <= 0 {
		return fiber.ErrNotFound
	}
	a, err := h.Store.AttachmentOf(c.UserContext(), p.ID, aid)
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	f, err := h.Files.Open(a.StorageKey)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, a.ContentType)
	c.Set(fiber.HeaderContentDisposition, contentDisposition(a.Filename))
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Content-Security-Policy", "sandbox")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.SendStream(f, int(a.SizeBytes))
}

// contentDisposition names a download: an ASCII fallback for old clients
// and the real name in RFC 5987 form.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == ';' {
			return '_'
		}
		return r
	}, name)
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + strings.ReplaceAll(url.PathEscape(name), "+", "%2B")
}
