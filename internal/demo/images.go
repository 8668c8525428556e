package demo

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
)

const (
	imageWidth  = 1200
	imageHeight = 675
)

// categoryHues are the base colours of each section's pictures, so a
// reader can tell a sports photo from a politics one at a glance.
var categoryHues = map[string]color.RGBA{
	"World":      {36, 92, 140, 255},
	"Politics":   {128, 40, 52, 255},
	"Business":   {32, 110, 90, 255},
	"Technology": {70, 60, 150, 255},
	"Science":    {20, 120, 140, 255},
	"Health":     {160, 70, 90, 255},
	"Sports":     {40, 130, 60, 255},
	"Culture":    {150, 100, 30, 255},
}

// imageBytes returns an article's lead picture as PNG, rendering it on
// first use. Pictures are flat shapes on a banded sky drawn into a small
// palette, which keeps both drawing and encoding cheap and the files small.
func (w *World) imageBytes(i int) ([]byte, error) {
	slot := &w.images[i]
	var err error
	slot.once.Do(func() {
		slot.png, err = renderImage(w.seed, &w.articles[i])
	})
	if err != nil {
		return nil, err
	}
	return slot.png, nil
}

func (w *World) imageSize(a *Article) (int, error) {
	b, err := w.imageBytes(w.byImage[a.ID+".png"])
	return len(b), err
}

func renderImage(seed int64, a *Article) ([]byte, error) {
	h := fnv.New64a()
	h.Write([]byte(a.ID))
	r := rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
	base, ok := categoryHues[a.Category]
	if !ok {
		base = color.RGBA{90, 90, 90, 255}
	}
	pal := palette(base)
	img := image.NewPaletted(image.Rect(0, 0, imageWidth, imageHeight), pal)
	drawSky(img, r)
	drawSun(img, r)
	drawSkyline(img, r)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("demo: encode image %s: %w", a.ID, err)
	}
	return buf.Bytes(), nil
}

// palette: indexes 0-7 shade the base colour from light to dark, 8-11 are
// a warm accent, 12-15 near-black silhouettes.
func palette(base color.RGBA) color.Palette {
	pal := make(color.Palette, 16)
	for i := range 8 {
		pal[i] = mix(base, color.RGBA{245, 240, 230, 255}, 0.85-float64(i)*0.11)
	}
	accent := color.RGBA{250, 190, 90, 255}
	for i := range 4 {
		pal[8+i] = mix(accent, base, float64(i)*0.2)
	}
	for i := range 4 {
		pal[12+i] = mix(color.RGBA{20, 22, 30, 255}, base, float64(i)*0.12)
	}
	return pal
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 255}
}

// drawSky fills horizontal bands, tilted by a random slope.
func drawSky(img *image.Paletted, r *rand.Rand) {
	slope := r.Float64()*0.4 - 0.2
	for y := range imageHeight {
		row := img.Pix[y*img.Stride : y*img.Stride+imageWidth]
		for x := range row {
			v := (float64(y) + slope*float64(x)) / imageHeight * 8
			row[x] = uint8(min(7, max(0, int(v))))
		}
	}
}

// drawSun draws one large disc in the accent colours.
func drawSun(img *image.Paletted, r *rand.Rand) {
	cx, cy := 150+r.IntN(imageWidth-300), 80+r.IntN(220)
	rad := 50 + r.IntN(90)
	idx := uint8(8 + r.IntN(3))
	for y := max(0, cy-rad); y < min(imageHeight, cy+rad); y++ {
		for x := max(0, cx-rad); x < min(imageWidth, cx+rad); x++ {
			dx, dy := x-cx, y-cy
			if dx*dx+dy*dy <= rad*rad {
				img.Pix[y*img.Stride+x] = idx
			}
		}
	}
}

// drawSkyline draws blocks of different heights along the bottom edge.
func drawSkyline(img *image.Paletted, r *rand.Rand) {
	for x := 0; x < imageWidth; {
		wide := 40 + r.IntN(120)
		top := imageHeight - 80 - r.IntN(300)
		idx := uint8(12 + r.IntN(4))
		for y := top; y < imageHeight; y++ {
			row := img.Pix[y*img.Stride:]
			for xx := x; xx < min(imageWidth, x+wide); xx++ {
				row[xx] = idx
			}
		}
		x += wide + r.IntN(12)
	}
}
