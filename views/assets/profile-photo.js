// Profile photo: once a picture is chosen, show it in cropperjs with a square
// box and keep the box (in the picture's own pixels) in the form's hidden
// fields; the server crops the same box. Without this script the server
// takes the centred square.
const form = document.querySelector('[data-photo-form]');
const Cropper = window.Cropper;
if (form && Cropper) {
  const input = form.querySelector('input[type="file"]');
  const stage = form.querySelector('[data-crop-stage]');
  const image = stage.querySelector('[data-crop-image]');
  const box = { x: form.elements.cropX, y: form.elements.cropY, size: form.elements.cropSize };
  let cropper = null;
  let objectUrl = null;

  const reset = () => {
    cropper?.destroy();
    cropper = null;
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = null;
    for (const field of Object.values(box)) field.value = '';
    stage.hidden = true;
  };

  input.addEventListener('change', () => {
    reset();
    const file = input.files?.[0];
    if (!file || !file.type.startsWith('image/')) return;
    objectUrl = URL.createObjectURL(file);
    image.src = objectUrl;
    stage.hidden = false;
    cropper = new Cropper(image, {
      aspectRatio: 1,
      viewMode: 1,
      autoCropArea: 1,
      // Browsers already show the picture in its EXIF orientation; the server crops after the same rotation.
      checkOrientation: false,
      rotatable: false,
      scalable: false,
      zoomable: false,
      crop(event) {
        const { x, y, width, height } = event.detail;
        box.x.value = String(Math.max(0, Math.round(x)));
        box.y.value = String(Math.max(0, Math.round(y)));
        box.size.value = String(Math.round(Math.min(width, height)));
      },
    });
  });
}
