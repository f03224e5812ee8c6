import type { Answers, Question } from './answers';

/** The link's questions as form fields; each error, from the API, below its question. */
export function QuestionFields({
  questions,
  answers,
  fieldErrors,
  onChange,
}: {
  questions: readonly Question[];
  answers: Answers;
  fieldErrors: ReadonlyMap<string, string>;
  onChange: (answers: Answers) => void;
}) {
  const set = (key: string, value: string | readonly string[]) => onChange({ ...answers, [key]: value });
  return (
    <>
      {questions.map((question) => {
        const error = fieldErrors.get(`answers.${question.key}`);
        const label = question.required ? question.label : `${question.label} (optional)`;
        const errorId = `answer-error-${question.key}`;
        const described = error === undefined ? undefined : errorId;
        const text = typeof answers[question.key] === 'string' ? (answers[question.key] as string) : '';
        if (question.kind === 'MULTIPLE_CHOICE') {
          const chosen = Array.isArray(answers[question.key]) ? (answers[question.key] as readonly string[]) : [];
          return (
            <fieldset className="field" key={question.key} aria-describedby={described}>
              <legend>{label}</legend>
              {question.options.map((option) => (
                <label className="check" key={option}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(option)}
                    onChange={(event) =>
                      set(
                        question.key,
                        event.target.checked ? [...chosen, option] : chosen.filter((each) => each !== option),
                      )
                    }
                  />
                  {option}
                </label>
              ))}
              {error !== undefined && (
                <span className="error" id={errorId}>
                  {error}
                </span>
              )}
            </fieldset>
          );
        }
        return (
          <div className="field" key={question.key}>
            <label>
              <span>{label}</span>
              {question.kind === 'SINGLE_CHOICE' ? (
                <select
                  value={text}
                  required={question.required}
                  aria-invalid={error !== undefined}
                  aria-describedby={described}
                  onChange={(event) => set(question.key, event.target.value)}
                >
                  <option value="">Choose…</option>
                  {question.options.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  type={question.kind === 'NUMBER' ? 'number' : 'text'}
                  inputMode={question.kind === 'NUMBER' ? 'decimal' : undefined}
                  min={question.minimum ?? undefined}
                  max={question.maximum ?? undefined}
                  maxLength={question.kind === 'TEXT' ? 500 : undefined}
                  required={question.required}
                  value={text}
                  aria-invalid={error !== undefined}
                  aria-describedby={described}
                  onChange={(event) => set(question.key, event.target.value)}
                />
              )}
            </label>
            {error !== undefined && (
              <span className="error" id={errorId}>
                {error}
              </span>
            )}
          </div>
        );
      })}
    </>
  );
}
