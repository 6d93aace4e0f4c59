import { create } from 'qrcode';
import { useMemo } from 'preact/hooks';

interface Props {
  text: string;
  label: string;
}

/** The QR code as SVG squares: crisp at any size, and readable from a photo of the screen. */
export function QrCode({ text, label }: Props) {
  const path = useMemo(() => {
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    let d = '';
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    }
    return { d, size: modules.size + 8 };
  }, [text]);
  return (
    <svg class="qr" role="img" aria-label={label} viewBox={`0 0 ${path.size} ${path.size}`} shape-rendering="crispEdges">
      <rect width={path.size} height={path.size} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
