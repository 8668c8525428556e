package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var mediaCases = []suiteCase{
	{"ImageStoredOncePerDigest", testImageSaveGet},
	{"ImageListNewestFirstPaged", testImageList},
	{"ImageRefusesBadImages", testImageBad},
	{"ImageOutlivesItsUploader", testImageUploaderDeleted},
}

// testImage is an image whose digest and variant bytes derive from name;
// the bytes are not a real picture, which the store does not look at.
func testImage(name string, at time.Time, userID int64) model.Image {
	sum := sha256.Sum256([]byte(name))
	return model.Image{
		SHA256: hex.EncodeToString(sum[:]), ContentType: "image/jpeg", Width: 1000, Height: 750,
		SourceFormat: "jpeg", SourceBytes: 123456, Filename: name + ".jpg", UploadedBy: userID, CreatedAt: at,
		Variants: []model.ImageVariant{ // out of order on purpose: stores sort them
			{Width: 1000, Height: 750, Data: bytes.Repeat([]byte(name+"-1000 "), 300)},
			{Width: 320, Height: 240, Data: []byte("\xff\xd8" + name + "-320\x00\xff")},
			{Width: 640, Height: 480, Data: bytes.Repeat([]byte{0, 1, 2, 0xff}, 100)},
		},
	}
}

func testImageSaveGet(t *testing.T, s store.Store) {
	ctx := t.Context()
	u := mustUser(t, s, "photographer@example.com", model.RoleAuthor)
	in := testImage("harbor", base, u.ID)
	saved, existed, err := s.SaveImage(ctx, in)
	if err != nil || existed {
		t.Fatalf("SaveImage: existed %v, err %v", existed, err)
	}
	want := in
	want.ID, want.Variants = saved.ID, []model.ImageVariant{
		{Width: 320, Height: 240, Size: len(in.Variants[1].Data)},
		{Width: 640, Height: 480, Size: 400},
		{Width: 1000, Height: 750, Size: len(in.Variants[0].Data)},
	}
	if saved.ID == 0 || !reflect.DeepEqual(saved, want) {
		t.Fatalf("saved\n got %+v\nwant %+v", saved, want)
	}
	got, err := s.GetImage(ctx, saved.ID)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("GetImage = %+v, %v\nwant %+v", got, err, want)
	}
	img, v, err := s.GetImageVariant(ctx, saved.ID, 320)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(v.Data, in.Variants[1].Data) || v.Width != 320 || v.Height != 240 || v.Size != len(v.Data) {
		t.Errorf("variant 320 = %d × %d, %d bytes %q", v.Width, v.Height, v.Size, v.Data)
	}
	if img.ID != saved.ID || img.ContentType != "image/jpeg" || img.SHA256 != in.SHA256 {
		t.Errorf("variant's image = %+v", img)
	}
	if _, v, _ := s.GetImageVariant(ctx, saved.ID, 1000); !bytes.Equal(v.Data, in.Variants[0].Data) {
		t.Errorf("variant 1000 holds %d bytes, want %d", len(v.Data), len(in.Variants[0].Data))
	}

	// The same photo again, from someone else and later: the first is kept.
	other := mustUser(t, s, "desk@example.com", model.RoleAuthor)
	again := testImage("harbor", base.Add(time.Hour), other.ID)
	again.Filename = "copy.jpg"
	dup, existed, err := s.SaveImage(ctx, again)
	if err != nil || !existed || !reflect.DeepEqual(dup, want) {
		t.Fatalf("second upload: existed %v, err %v, got %+v", existed, err, dup)
	}
	if list, _, _ := s.ListImages(ctx, store.ImageFilter{}); len(list) != 1 {
		t.Errorf("%d images stored after uploading one photo twice", len(list))
	}

	for _, tc := range []struct {
		id    int64
		width int
	}{{saved.ID, 321}, {saved.ID + 1, 320}, {0, 0}, {-1, 320}} {
		if _, _, err := s.GetImageVariant(ctx, tc.id, tc.width); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetImageVariant(%d, %d): err = %v, want ErrNotFound", tc.id, tc.width, err)
		}
	}
	if _, err := s.GetImage(ctx, saved.ID+1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetImage of a missing image: err = %v, want ErrNotFound", err)
	}
}

func testImageList(t *testing.T, s store.Store) {
	ctx := t.Context()
	a, b := mustUser(t, s, "a@example.com", model.RoleAuthor), mustUser(t, s, "b@example.com", model.RoleAuthor)
	var saved []model.Image
	for i, name := range []string{"one", "two", "three", "four", "five"} {
		uid := a.ID
		if i%2 == 1 {
			uid = b.ID
		}
		img, _, err := s.SaveImage(ctx, testImage(name, base.Add(time.Duration(i)*time.Minute), uid))
		if err != nil {
			t.Fatal(err)
		}
		saved = append(saved, img)
	}
	var walked []int64
	cursor := ""
	for range 4 {
		page, next, err := s.ListImages(ctx, store.ImageFilter{Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, img := range page {
			if len(img.Variants) != 3 || img.Variants[0].Width != 320 || img.Variants[2].Data != nil {
				t.Errorf("listed image %d has variants %+v", img.ID, img.Variants)
			}
			walked = append(walked, img.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	want := []int64{saved[4].ID, saved[3].ID, saved[2].ID, saved[1].ID, saved[0].ID}
	if !reflect.DeepEqual(walked, want) {
		t.Errorf("walked %v, want %v (newest first)", walked, want)
	}
	mine, next, err := s.ListImages(ctx, store.ImageFilter{UploadedBy: b.ID})
	if err != nil || next != "" || len(mine) != 2 || mine[0].ID != saved[3].ID || mine[1].ID != saved[1].ID {
		t.Errorf("b's uploads = %+v, next %q, err %v", mine, next, err)
	}
	if _, _, err := s.ListImages(ctx, store.ImageFilter{Cursor: "not a cursor"}); !errors.Is(err, store.ErrBadCursor) {
		t.Errorf("bad cursor: err = %v, want ErrBadCursor", err)
	}
	if none, _, err := s.ListImages(ctx, store.ImageFilter{UploadedBy: b.ID + 100}); err != nil || none == nil || len(none) != 0 {
		t.Errorf("nobody's uploads = %#v, %v; want an empty list", none, err)
	}
}

func testImageBad(t *testing.T, s store.Store) {
	ctx := t.Context()
	for name, change := range map[string]func(*model.Image){
		"short digest":       func(img *model.Image) { img.SHA256 = "abc" },
		"upper-case digest":  func(img *model.Image) { img.SHA256 = "AB" + img.SHA256[2:] },
		"SVG":                func(img *model.Image) { img.ContentType = "image/svg+xml" },
		"no size":            func(img *model.Image) { img.Width = 0 },
		"no variants":        func(img *model.Image) { img.Variants = nil },
		"empty variant":      func(img *model.Image) { img.Variants[0].Data = nil },
		"two of one width":   func(img *model.Image) { img.Variants[1].Width = 1000 },
		"NUL in a file name": func(img *model.Image) { img.Filename = "a\x00b.jpg" },
	} {
		img := testImage("bad", base, 0)
		change(&img)
		if _, _, err := s.SaveImage(ctx, img); err == nil {
			t.Errorf("%s: stored", name)
		}
	}
	if list, _, _ := s.ListImages(ctx, store.ImageFilter{}); len(list) != 0 {
		t.Fatalf("refused images left %d stored", len(list))
	}
	long := testImage("long name", base, 0)
	long.Filename = string(bytes.Repeat([]byte("é"), 200)) + ".jpg"
	saved, _, err := s.SaveImage(ctx, long)
	if err != nil || len(saved.Filename) > 255 || saved.Filename[len(saved.Filename)-2:] != "é" {
		t.Errorf("a 400-byte file name became %d bytes (%v)", len(saved.Filename), err)
	}
}

func testImageUploaderDeleted(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustUser(t, s, "admin@example.com", model.RoleAdmin) // the last admin may not be deleted
	u := mustUser(t, s, "leaver@example.com", model.RoleAuthor)
	img, _, err := s.SaveImage(ctx, testImage("leaving", base, u.ID))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetImage(ctx, img.ID)
	if err != nil || got.UploadedBy != 0 || len(got.Variants) != 3 {
		t.Errorf("after the uploader left: %+v, %v; want the image kept without an uploader", got, err)
	}
}
