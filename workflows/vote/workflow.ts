/** Placeholder: replaced by the vote workflow. */
export async function voteWorkflow(): Promise<void> {}
