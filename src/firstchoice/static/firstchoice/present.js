// Every slide is in the page, so moving between them keeps the browser in full screen; the
// prev/next links (?p=N) still work without JavaScript. Arrow keys, PageUp/PageDown (a
// presenter's clicker) and the space bar step through; "f" toggles full screen.
(function () {
  var slides = document.querySelectorAll(".slide");
  var step = parseInt(document.body.dataset.step, 10) || 0;
  var counter = document.getElementById("step");
  var prev = document.getElementById("prev"), next = document.getElementById("next");
  function go(n) {
    if (n < 0 || n >= slides.length) { return; }
    slides[step].classList.remove("active");
    slides[n].classList.add("active");
    step = n;
    counter.textContent = n + " / " + (slides.length - 1);
    prev.hidden = n === 0; next.hidden = n === slides.length - 1;
    prev.href = "?p=" + (n - 1); next.href = "?p=" + (n + 1);
    history.replaceState(null, "", "?p=" + n);
    window.scrollTo(0, 0);
  }
  prev.addEventListener("click", function (e) { e.preventDefault(); go(step - 1); });
  next.addEventListener("click", function (e) { e.preventDefault(); go(step + 1); });
  document.querySelectorAll("[data-go]").forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); go(+a.dataset.go); });
  });
  document.addEventListener("keydown", function (event) {
    var moves = {ArrowRight: 1, PageDown: 1, " ": 1, ArrowLeft: -1, PageUp: -1};
    if (event.key in moves) { event.preventDefault(); go(step + moves[event.key]); }
    if (event.key === "f") { document.getElementById("fullscreen").click(); }
  });
  document.getElementById("fullscreen").addEventListener("click", function () {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
  });
})();
