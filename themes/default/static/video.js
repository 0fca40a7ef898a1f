// Videos of YouTube and Vimeo (the `video` shortcode): the page shows a poster of its own that
// links to the video, so nothing of the video site is loaded, and no cookie set, until the
// reader asks. A click on the poster puts the privacy-enhanced player in its place (its address
// is the poster's data-video-embed) and starts the video. Without this script the poster is a
// plain link to the video on its site.
(function () {
  "use strict";
  var posters = document.querySelectorAll("a[data-video-embed]");
  for (var i = 0; i < posters.length; i++) {
    var poster = posters[i];
    // It plays the video here: a button, to a screen reader and to the keyboard.
    poster.setAttribute("role", "button");
    poster.addEventListener("click", play);
    poster.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        play.call(this, event);
      }
    });
  }

  function play(event) {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button > 0) return;
    event.preventDefault();
    var poster = this;
    var frame = document.createElement("iframe");
    frame.src = poster.getAttribute("data-video-embed");
    frame.title = poster.getAttribute("data-video-title") || "Video";
    frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    frame.allowFullscreen = true;
    frame.className = "video-player";
    poster.parentNode.replaceChild(frame, poster);
    frame.focus();
  }
})();
