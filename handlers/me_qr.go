package handlers

import (
	"fmt"
	"strings"

	"rsc.io/qr"
)

// qrQuietZone is the light margin, in modules, that scanners need around a
// QR code.
const qrQuietZone = 4

// qrPath encodes text as a QR code and returns the side of the square in
// modules (quiet zone included) and an SVG path of its dark modules, one
// rectangle per horizontal run. Drawn as a path with presentation
// attributes, it needs no inline style and no script, so the strict CSP
// holds; a path is also far smaller than one rect per module.
func qrPath(text string) (side int, d string, err error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return 0, "", fmt.Errorf("handlers: unable to encode QR code: %w", err)
	}
	var b strings.Builder
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			start := x
			for x < code.Size && code.Black(x, y) {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start+qrQuietZone, y+qrQuietZone, x-start, x-start)
		}
	}
	return code.Size + 2*qrQuietZone, b.String(), nil
}
