// Marks the page as scripted before it renders, so the collapsed navigation
// never flashes open; loaded synchronously in <head>.
document.documentElement.classList.add("js");
