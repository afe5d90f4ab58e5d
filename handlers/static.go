package handlers

import (
	"github.com/gofiber/fiber/v2"
)

// serveStatic answers /static/<name>.<hash>.<ext> from the embedded assets.
// The hash changes with the content, so a year of caching is safe.
func (h *Handler) serveStatic(c *fiber.Ctx) error {
	asset, ok := h.Assets.Lookup(c.Path())
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, asset.ContentType)
	return c.Send(asset.Body)
}
