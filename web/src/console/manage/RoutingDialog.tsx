import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { type FieldErrors, Notice, refusalOf, refusalSummary } from '../Feedback';
import { Modal } from '../Modal';
import { ASSIGNMENT_NAMES } from './AssignmentChoice';
import { HostSharesEditor } from './HostSharesEditor';
import type { ManagedLink } from './linkForm';
import { QuestionsEditor } from './QuestionsEditor';
import {
  blankQuestion,
  blankRule,
  moved,
  type QuestionDraft,
  type RoutedLink,
  type RoutingForm,
  routingChangesOf,
  routingFormOf,
  ruleForQuestion,
  type RuleDraft,
  isPlaced,
} from './routingForm';
import { LinkRoutingQuery, UpdateLinkRoutingMutation } from './routingOperations';
import { RulesEditor } from './RulesEditor';

/** How a link picks its host: each host's share, the booking form's questions and the rules
 * that route by their answers. Loads the link's routing fresh, so nothing stale is saved. */
export function RoutingDialog({
  link,
  onClose,
  onSaved,
}: {
  link: ManagedLink;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [{ data, fetching, error }] = useQuery({
    query: LinkRoutingQuery,
    variables: { id: link.id },
    requestPolicy: 'network-only',
  });
  const routed = data?.link ?? null;
  return (
    <Modal title={`Routing of ${link.name}`} onClose={onClose}>
      {fetching && data === undefined ? <p className="hint">Loading…</p> : null}
      {error || (data !== undefined && routed === null) ? (
        <>
          <Notice message="The routing of this link could not be loaded. Close this and try again." />
          <div className="actions">
            <button type="button" className="secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : null}
      {routed !== null ? <RoutingEditor link={routed} onClose={onClose} onSaved={onSaved} /> : null}
    </Modal>
  );
}

function RoutingEditor({ link, onClose, onSaved }: { link: RoutedLink; onClose: () => void; onSaved: (message: string) => void }) {
  const [form, setForm] = useState<RoutingForm>(() => routingFormOf(link));
  const [fields, setFields] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, update] = useMutation(UpdateLinkRoutingMutation);

  const setQuestion = (index: number, next: Partial<QuestionDraft>) =>
    setForm((was) => {
      const questions = was.questions.map((question, i) => (i === index ? { ...question, ...next } : question));
      const changed = questions[index];
      const rules = next.kind === undefined ? was.rules : was.rules.map((rule) => (rule.questionDraftId === changed.draftId ? ruleForQuestion(rule, changed) : rule));
      return { ...was, questions, rules };
    });
  // Errors name questions and rules by their place: once the places change they would point
  // at the wrong ones.
  const restructure = (change: (was: RoutingForm) => RoutingForm) => {
    setFields({});
    setForm(change);
  };
  const setRule = (index: number, next: Partial<RuleDraft>) =>
    setForm((was) => ({ ...was, rules: was.rules.map((rule, i) => (i === index ? { ...rule, ...next } : rule)) }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { changes, errors } = routingChangesOf(form);
    setFields(errors);
    if (Object.keys(errors).length > 0) {
      setProblem('Nothing was saved: check the fields marked above.');
      return;
    }
    const result = await update({ input: { id: link.id, ...changes } });
    const saved = result.data?.updateLink;
    if (saved === undefined) {
      setProblem('The routing could not be saved. Try again in a moment.');
      return;
    }
    if (saved.__typename !== 'LinkSaved') {
      const refusal = refusalOf(saved);
      setFields(refusal.fields);
      setProblem(refusalSummary(refusal, (field) => isPlaced(field, form)));
      return;
    }
    onSaved(`Saved the routing of ${link.name}.`);
    onClose();
  };

  return (
    <form className="manage-form" onSubmit={(event) => void submit(event)} noValidate>
      <p className="hint">
        Who attends: <strong>{ASSIGNMENT_NAMES[link.assignment]}</strong>.{' '}
        {link.assignment === 'RULES'
          ? 'The rules below pick the pool from the answers to the questions.'
          : 'The questions are asked on the booking form; the rules route only when who attends is “One host, routed by the answers” (change it with Edit).'}
      </p>
      <HostSharesEditor
        hosts={form.hosts}
        assignment={link.assignment}
        fields={fields}
        onChange={(hosts) => setForm((was) => ({ ...was, hosts }))}
      />
      <QuestionsEditor
        questions={form.questions}
        fields={fields}
        onChange={setQuestion}
        onAdd={() => restructure((was) => ({ ...was, questions: [...was.questions, blankQuestion()] }))}
        onRemove={(index) => restructure((was) => ({ ...was, questions: was.questions.filter((_, i) => i !== index) }))}
        onMove={(index, by) => restructure((was) => ({ ...was, questions: moved(was.questions, index, by) }))}
      />
      <RulesEditor
        rules={form.rules}
        questions={form.questions}
        hosts={form.hosts}
        fields={fields}
        onChange={setRule}
        onQuestion={(index, draftId) =>
          setForm((was) => ({
            ...was,
            rules: was.rules.map((rule, i) =>
              i === index ? { ...ruleForQuestion(rule, was.questions.find((question) => question.draftId === draftId)), chosen: [], valuesText: '' } : rule,
            ),
          }))
        }
        onAdd={() => restructure((was) => ({ ...was, rules: [...was.rules, blankRule(was.questions)] }))}
        onRemove={(index) => restructure((was) => ({ ...was, rules: was.rules.filter((_, i) => i !== index) }))}
        onMove={(index, by) => restructure((was) => ({ ...was, rules: moved(was.rules, index, by) }))}
      />
      <Notice message={problem} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" disabled={fetching}>
          Save routing
        </button>
      </div>
    </form>
  );
}
