package handlers

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/export"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
)

// exportTimeout bounds the writing of one download; the request's own
// deadline ends when the handler returns, before the body streams.
const exportTimeout = 10 * time.Minute

func (h *Handler) exportProjectsCSV(c *fiber.Ctx) error {
	loc := readerLocation(c)
	return h.exportList(c, false, "text/csv; charset=utf-8", export.Filename("projects", "csv", h.Now()),
		func(ctx context.Context, w io.Writer, src export.Source, names models.ExportNames) error {
			return export.CSV(ctx, w, src, export.TableOptions{Names: names, Location: loc})
		})
}

func (h *Handler) exportProjectsXLSX(c *fiber.Ctx) error {
	loc := readerLocation(c)
	return h.exportList(c, false, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		export.Filename("projects", "xlsx", h.Now()),
		func(ctx context.Context, w io.Writer, src export.Source, names models.ExportNames) error {
			return export.XLSX(ctx, w, src, export.TableOptions{Names: names, Location: loc})
		})
}

func (h *Handler) exportIATI(c *fiber.Ctx) error {
	pub, now := export.PublisherFrom(h.Config), h.Now()
	return h.exportList(c, true, "application/xml; charset=utf-8", export.Filename("iati-activities", "xml", now),
		func(ctx context.Context, w io.Writer, src export.Source, names models.ExportNames) error {
			return export.IATI(ctx, w, src, pub, names, now)
		})
}

func (h *Handler) export360Giving(c *fiber.Ctx) error {
	pub := export.PublisherFrom(h.Config)
	return h.exportList(c, true, "application/json; charset=utf-8", export.Filename("360giving", "json", h.Now()),
		func(ctx context.Context, w io.Writer, src export.Source, names models.ExportNames) error {
			return export.Giving360(ctx, w, src, pub, names)
		})
}

type exportWriter func(ctx context.Context, w io.Writer, src export.Source, names models.ExportNames) error

// exportList selects the projects of the list the address describes (the
// /projects filters and sort; published projects only for the standards
// files), then streams the file as an attachment. What goes wrong once the
// body has started can only be logged: the download ends short.
func (h *Handler) exportList(c *fiber.Ctx, published bool, contentType, filename string, write exportWriter) error {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	perm := permOf(c)
	opts, err := h.Store.ProjectListOptions(ctx, perm.Staff())
	if err != nil {
		return err
	}
	_, f := projectFilterFrom(c, opts, lang)
	src := h.Store.EmptyExport()
	if pf, ok := export.PublishedFilter(f); !published || ok {
		if published {
			f = pf
		}
		if src, err = h.Store.ProjectExport(ctx, projectScope(perm), f, published); err != nil {
			return err
		}
	}
	names := exportNames(opts)
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	reqID := requestIDOf(c)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), exportTimeout)
		defer cancel()
		if err := write(sctx, w, src, names); err != nil {
			h.Log.LogAttrs(sctx, slog.LevelError, "export failed", slog.String("file", filename),
				slog.String("request_id", reqID), slog.String("error", err.Error()))
			return
		}
		_ = w.Flush()
	})
	return nil
}

// exportNames are the country and discipline names the list's filters
// already loaded.
func exportNames(o models.ProjectListOptions) models.ExportNames {
	n := models.ExportNames{Countries: make(map[string]models.Localized, len(o.Countries)),
		Disciplines: make(map[string]models.Localized, len(o.Disciplines))}
	for _, c := range o.Countries {
		n.Countries[c.ISO2] = c.Name
	}
	for _, d := range o.Disciplines {
		n.Disciplines[d.Value] = d.Name
	}
	return n
}
