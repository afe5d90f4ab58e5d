package handlers

import (
	"fmt"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the zone list must work on hosts without a zoneinfo database

	"github.com/puente-science/puente/views/components"
)

// profileZones are the time zones /me offers: UTC, the capital of every
// Latin American and Caribbean state (and of the territories most partners
// sit in), and where the bureau and its other partners work.
var profileZones = []string{
	"UTC",
	"America/Antigua", "America/Argentina/Buenos_Aires", "America/Nassau", "America/Barbados",
	"America/Belize", "America/La_Paz", "America/Sao_Paulo", "America/Santiago", "America/Bogota",
	"America/Costa_Rica", "America/Havana", "America/Dominica", "America/Santo_Domingo",
	"America/Guayaquil", "America/El_Salvador", "America/Grenada", "America/Guatemala",
	"America/Guyana", "America/Port-au-Prince", "America/Tegucigalpa", "America/Jamaica",
	"America/Mexico_City", "America/Managua", "America/Panama", "America/Asuncion", "America/Lima",
	"America/St_Kitts", "America/St_Lucia", "America/St_Vincent", "America/Paramaribo",
	"America/Port_of_Spain", "America/Montevideo", "America/Caracas",
	"America/Puerto_Rico", "America/Cayenne", "America/Curacao",
	"Asia/Shanghai", "Europe/Madrid", "Europe/Lisbon", "America/New_York",
}

// offeredZone reports whether a zone may be saved from /me: one of the list,
// or the one already stored (an administrator may have set another).
func offeredZone(name, stored string) bool {
	return name != "" && (name == stored || slices.Contains(profileZones, name))
}

// zoneOptions labels each zone with its offset from UTC at now, which moves
// with daylight saving, and orders them west to east. The stored zone is
// offered even when it is not in the list, so saving the form keeps it.
func zoneOptions(now time.Time, stored string) []components.Option {
	names := slices.Clone(profileZones)
	if stored != "" && !slices.Contains(names, stored) {
		names = append(names, stored)
	}
	type zone struct {
		name   string
		offset int
	}
	zones := make([]zone, 0, len(names))
	for _, n := range names {
		loc, err := time.LoadLocation(n)
		if err != nil {
			continue
		}
		_, off := now.In(loc).Zone()
		zones = append(zones, zone{n, off})
	}
	slices.SortStableFunc(zones, func(a, b zone) int {
		if a.offset != b.offset {
			return a.offset - b.offset
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]components.Option, len(zones))
	for i, z := range zones {
		out[i] = components.Option{Value: z.name, Label: "(" + utcOffset(z.offset) + ") " + strings.ReplaceAll(z.name, "_", " ")}
	}
	return out
}

// utcOffset writes an offset in seconds as UTC−03:00, with a true minus sign.
func utcOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "−", -seconds
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, seconds/3600, seconds%3600/60)
}
