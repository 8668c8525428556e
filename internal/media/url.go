package media

import (
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
)

// URL is the public address of one variant of an image:
// "/media/{id}/{width}.{ext}", ext being "jpg" or "png" (model.Image.Ext).
// The bytes at an address never change, so it may be cached for ever.
func URL(id int64, width int, ext string) string {
	return "/media/" + strconv.FormatInt(id, 10) + "/" + strconv.Itoa(width) + "." + ext
}

// VariantURL is the address of the variant of img best for showing it
// width pixels wide: the narrowest at least that wide, or the widest
// (see model.Image.Fit). It is "" for an image without variants.
func VariantURL(img model.Image, width int) string {
	v := img.Fit(width)
	if v.Width == 0 {
		return ""
	}
	return URL(img.ID, v.Width, img.Ext())
}

// Srcset lists every variant of img for an <img srcset> attribute,
// narrowest first: "/media/7/320.jpg 320w, /media/7/640.jpg 640w, ...".
// With sizes="(max-width: 40rem) 100vw, 40rem" (or the layout's own),
// the browser picks the smallest file sharp on its screen.
func Srcset(img model.Image) string {
	parts := make([]string, 0, len(img.Variants))
	for _, v := range img.Variants {
		parts = append(parts, URL(img.ID, v.Width, img.Ext())+" "+strconv.Itoa(v.Width)+"w")
	}
	return strings.Join(parts, ", ")
}

// ParseVariantFile reads the last segment of a variant's address,
// "{width}.{ext}", as URL writes it: ok is false for anything else
// (leading zeros, signs, other extensions), so each variant has one
// address.
func ParseVariantFile(file string) (width int, contentType string, ok bool) {
	num, ext, found := strings.Cut(file, ".")
	switch {
	case !found:
		return 0, "", false
	case ext == "jpg":
		contentType = "image/jpeg"
	case ext == "png":
		contentType = "image/png"
	default:
		return 0, "", false
	}
	width, err := strconv.Atoi(num)
	if err != nil || width <= 0 || width > MaxSide || strconv.Itoa(width) != num {
		return 0, "", false
	}
	return width, contentType, true
}
