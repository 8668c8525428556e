package browser_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// phoneWidth is the emulated phone's screen width in CSS pixels.
const phoneWidth = 390

// overflowReport measures the page against the phone's width and names
// the innermost elements whose box or text sticks out on the right,
// leaving out those inside a container that scrolls or clips them on
// purpose. A mobile browser widens its layout viewport to fit a page that
// is too wide, so innerWidth is reported too: it grows past the screen
// exactly when the page overflows.
const overflowReport = `(function (phone) {
  function clipped(el) {
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  }
  function right(el) {
    var r = el.getBoundingClientRect();
    return r.width > 0 ? r.left + Math.max(r.width, el.scrollWidth) : 0;
  }
  var wide = Array.from(document.querySelectorAll("body *")).filter(function (el) {
    return right(el) > phone + 0.5 && !clipped(el);
  });
  var innermost = wide.filter(function (el) {
    return !wide.some(function (o) { return o !== el && el.contains(o); });
  }).slice(0, 5).map(function (el) {
    return el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " right=" + Math.round(right(el));
  });
  return {viewport: window.innerWidth, scroll: document.documentElement.scrollWidth, wide: innermost};
})`

// searchBoxPlace tells where the search box sits relative to the viewport.
const searchBoxPlace = `(function () {
  var r = document.getElementById("search-q").getBoundingClientRect();
  return {left: r.left, right: r.right, width: r.width, height: r.height};
})()`

func TestMobile_PagesFitAPhone(t *testing.T) {
	s := newTestSite(t)
	tab := openTab(t, startBrowser(t))
	// An iPhone 12-class screen in portrait, as a phone browser reports it.
	if _, err := chromedp.Call(tab, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: phoneWidth, Height: 844, DeviceScaleFactor: 3, Mobile: true,
	}); err != nil {
		t.Fatalf("emulate a phone: %v", err)
	}

	for _, tc := range []struct{ name, path string }{
		{"home", "/"},
		{"article", s.leadPath},
		{"search with filters", "/search?q=harbor&category=weather&from=2024-06-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			do(t, tab, chromedp.Navigate(s.url+tc.path))
			type overflow struct {
				Viewport float64  `json:"viewport"`
				Scroll   float64  `json:"scroll"`
				Wide     []string `json:"wide"`
			}
			o := eval[overflow](t, tab, fmt.Sprintf("%s(%d)", overflowReport, phoneWidth))
			if o.Scroll > phoneWidth || o.Viewport > phoneWidth {
				t.Errorf("page scrolls sideways on a %d px phone: scrollWidth %v, innerWidth %v; too wide: %q",
					phoneWidth, o.Scroll, o.Viewport, o.Wide)
			}
			type box struct{ Left, Right, Width, Height float64 }
			b := eval[box](t, tab, searchBoxPlace)
			if !visible(t, tab, "#search-q") || b.Left < 0 || b.Right > phoneWidth {
				t.Errorf("search box is not fully on screen: %s", fmt.Sprintf("%+v", b))
			}
		})
	}
}
