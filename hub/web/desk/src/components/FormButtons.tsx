/** The foot of a form in a dialog: why the hub refused it (if it did), then Close and the form's submit button. */
interface Props {
  closeLabel: string;
  submitLabel: string;
  onClose: () => void;
  /** Shown in the dialog, so the person keeps what they typed and can fix it. */
  refusal?: string | null;
  submitDisabled?: boolean;
}

export function FormButtons({ closeLabel, submitLabel, onClose, refusal, submitDisabled }: Props) {
  return (
    <>
      {refusal && (
        <p class="dialog-refusal" role="alert">
          {refusal}
        </p>
      )}
      <div class="button-row dialog-buttons">
        <button type="button" onClick={onClose}>
          {closeLabel}
        </button>
        <button type="submit" class="primary" disabled={submitDisabled}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
